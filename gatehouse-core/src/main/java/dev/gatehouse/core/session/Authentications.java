package dev.gatehouse.core.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a session's owner proved, and when: each method with the time it was last used in this
 * session. Every transport reports the same three values from it: {@link #amr()},
 * {@link #authTime()} and {@link #acr()}.
 *
 * @param times the time of each method; never empty
 */
public record Authentications(Map<AuthMethod, Instant> times) {

    /** The {@code acr} of a session proved by one factor. */
    public static final String ACR_SINGLE_FACTOR = "1";
    /** The {@code acr} of a session proved by two factors (or a user-verified passkey). */
    public static final String ACR_MULTI_FACTOR = "2";
    /** The RFC 8176 value added to {@link #amr()} when two factors were proved. */
    public static final String MFA = "mfa";

    public Authentications {
        if (times == null || times.isEmpty()) {
            throw new IllegalArgumentException("a session proves at least one method");
        }
        times.values().forEach(t -> Objects.requireNonNull(t, "time"));
        times = Map.copyOf(new EnumMap<>(times));
    }

    /** One method used at one time. */
    public static Authentications of(AuthMethod method, Instant at) {
        return new Authentications(Map.of(method, at));
    }

    /** These, and {@code method} at {@code at} (replacing an earlier use of the same method). */
    public Authentications plus(AuthMethod method, Instant at) {
        EnumMap<AuthMethod, Instant> next = new EnumMap<>(times);
        next.put(method, at);
        return new Authentications(next);
    }

    /** Whether this method was used. */
    public boolean has(AuthMethod method) {
        return times.containsKey(method);
    }

    /** When the last of the methods was used: the session's {@code auth_time}. */
    public Instant authTime() {
        return times.values().stream().max(Instant::compareTo).orElseThrow();
    }

    /**
     * Whether two factors were proved: a knowledge and a possession factor, or a passkey with
     * user verification.
     */
    public boolean isMultiFactor() {
        boolean knowledge = false;
        boolean possession = false;
        for (AuthMethod method : times.keySet()) {
            switch (method.factor()) {
                case KNOWLEDGE -> knowledge = true;
                case POSSESSION -> possession = true;
                case POSSESSION_AND_VERIFIED_USER -> {
                    return true;
                }
            }
        }
        return knowledge && possession;
    }

    /** RFC 8176 values, in method order, each once, with {@code mfa} last when two factors were proved. */
    public List<String> amr() {
        Set<String> amr = new LinkedHashSet<>();
        new EnumMap<>(times).keySet().forEach(m -> amr.add(m.amr()));
        if (isMultiFactor()) {
            amr.add(MFA);
        }
        return List.copyOf(amr);
    }

    /** {@value #ACR_MULTI_FACTOR} after two factors, else {@value #ACR_SINGLE_FACTOR}. */
    public String acr() {
        return isMultiFactor() ? ACR_MULTI_FACTOR : ACR_SINGLE_FACTOR;
    }

    /** The stored form: {@code code:epochMillis} pairs joined by commas, in method order. */
    public String encode() {
        List<String> parts = new ArrayList<>();
        new EnumMap<>(times).forEach((method, at) -> parts.add(method.code() + ":" + at.toEpochMilli()));
        return String.join(",", parts);
    }

    /**
     * The value {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Authentications parse(String stored) {
        EnumMap<AuthMethod, Instant> times = new EnumMap<>(AuthMethod.class);
        for (String part : stored.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("not a stored authentication: " + part);
            }
            times.put(AuthMethod.ofCode(part.substring(0, colon)),
                    Instant.ofEpochMilli(Long.parseLong(part.substring(colon + 1))));
        }
        return new Authentications(times);
    }
}
