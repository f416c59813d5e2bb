package dev.gatehouse.server.signin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.core.throttle.AttemptCounter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The challenge between a right password and its second step: an opaque string the client holds
 * (in the JSON answer, or in a cookie of the sign-in page) that says who gave their password and
 * when, and what to do once the second step is done. It is sealed (AES-GCM under a key derived
 * from the master key), so no server keeps it and any node completes what another began; only
 * what must be shared is: whether it was used, and how many wrong codes it has seen, both in the
 * shared {@link AttemptCounter} under its random id.
 *
 * <p>A challenge lives {@value #LIFETIME_MINUTES} minutes, completes one sign-in, and dies at the
 * {@value #MAX_WRONG_CODES}th wrong code; an expired, spent, dead, altered or unreadable one is
 * refused alike with {@code invalid_challenge}, so a client learns nothing from which it was.
 * Its id is no secret and its contents hold no password; the secret of an authenticator app
 * being enrolled at sign-in travels in it, sealed.
 */
public final class SignInChallenges {

    static final int LIFETIME_MINUTES = 5;
    /** How long a challenge lives. */
    public static final Duration LIFETIME = Duration.ofMinutes(LIFETIME_MINUTES);
    /** Wrong codes a challenge takes; the next answer finds it dead. */
    public static final int MAX_WRONG_CODES = 5;

    private static final String CONTEXT = "gatehouse sign-in challenge";
    /** A sealed challenge is a few hundred characters; anything much longer is not one. */
    private static final int MAX_LENGTH = 4096;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** How the sign-in that began with a password ends once the second step is done. */
    public enum Transport { COOKIE, TOKEN, TOKEN_COOKIE, PAGE }

    /** Where a challenge stands. */
    public enum Stage {
        /** The account has a factor: a code or a passkey completes the sign-in. */
        SECOND_FACTOR,
        /** The account must enrol an authenticator app (policy); its code confirms it. */
        ENROL,
        /** The app was just enrolled and its recovery codes shown; continuing completes the sign-in. */
        ENROLLED
    }

    /**
     * What to do on success.
     *
     * @param transport how the session is handed over
     * @param clientId  the public client of a token transport, else null
     * @param audience  the resolved audience of a token transport, else null
     * @param scope     the requested scope, or null
     * @param returnTo  where the sign-in page sends the browser (already checked), else null
     */
    public record Completion(Transport transport, String clientId, String audience, String scope, String returnTo) {

        public Completion {
            Objects.requireNonNull(transport, "transport");
        }

        public static Completion cookie() {
            return new Completion(Transport.COOKIE, null, null, null, null);
        }

        public static Completion page(String returnTo) {
            return new Completion(Transport.PAGE, null, null, null, returnTo);
        }
    }

    /**
     * An opened challenge.
     *
     * @param id         random, names its use and its wrong codes in the attempt counter
     * @param accountId  whose password was right
     * @param passwordAt when it was
     * @param then       what to do on success
     * @param stage      where it stands
     * @param enrolment  the authenticator app being enrolled at stage {@link Stage#ENROL}, else null
     * @param totpAt     when the enrolled app's first code was accepted, at stage {@link Stage#ENROLLED}
     * @param expiresAt  when it can no longer be used
     */
    public record Challenge(String id, String accountId, Instant passwordAt, Completion then, Stage stage,
                            TotpEnrolment enrolment, Instant totpAt, Instant expiresAt) {

        @Override
        public String toString() {
            return "Challenge[id=" + id + ", stage=" + stage + "]";
        }
    }

    /** A challenge and the string that carries it to the client. */
    public record Issued(String value, Challenge challenge) {

        @Override
        public String toString() {
            return "Issued[" + challenge + "]";
        }
    }

    private final Sealer sealer;
    private final AttemptCounter attempts;
    private final Clock clock;

    /** @param key 32 bytes, derived from the master key for sign-in challenges only */
    public SignInChallenges(byte[] key, AttemptCounter attempts, Clock clock) {
        this.sealer = new Sealer(key);
        this.attempts = attempts;
        this.clock = clock;
    }

    /** A challenge for an account whose password was right at {@code passwordAt} and that has a second factor. */
    public Issued secondFactor(String accountId, Instant passwordAt, Completion then) {
        return issue(new Challenge(Secrets.randomToken(16), accountId, passwordAt, then, Stage.SECOND_FACTOR, null,
                null, clock.instant().plus(LIFETIME)));
    }

    /** A challenge for an account that must enrol {@code enrolment} before its sign-in completes. */
    public Issued enrol(String accountId, Instant passwordAt, Completion then, TotpEnrolment enrolment) {
        return issue(new Challenge(Secrets.randomToken(16), accountId, passwordAt, then, Stage.ENROL, enrolment,
                null, clock.instant().plus(LIFETIME)));
    }

    /**
     * Spends an {@link Stage#ENROL} challenge whose app was confirmed at {@code totpAt}, and issues
     * its successor: the sign-in completes when the user has seen the recovery codes.
     */
    public Issued enrolled(Challenge enrolling, Instant totpAt) {
        spend(enrolling);
        return issue(new Challenge(Secrets.randomToken(16), enrolling.accountId(), enrolling.passwordAt(),
                enrolling.then(), Stage.ENROLLED, null, totpAt, clock.instant().plus(LIFETIME)));
    }

    /**
     * Opens a challenge a client presents.
     *
     * @throws NotAuthenticatedException {@code invalid_challenge} when it is malformed, altered,
     *                                   expired, spent or dead of wrong codes
     */
    public Challenge open(String value) {
        if (value == null || value.length() > MAX_LENGTH || !SHAPE.matcher(value).matches()) {
            throw invalid();
        }
        Challenge c;
        try {
            c = JSON.readValue(sealer.open(Base64.getUrlDecoder().decode(value), CONTEXT), Challenge.class);
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
        Instant now = clock.instant();
        if (c == null || c.id() == null || c.accountId() == null || c.then() == null || c.stage() == null
                || c.expiresAt() == null || !now.isBefore(c.expiresAt())) {
            throw invalid();
        }
        if (attempts.current(usedKey(c), now).isPresent()
                || attempts.current(guessKey(c), now).map(w -> w.count() >= MAX_WRONG_CODES).orElse(false)) {
            throw invalid();
        }
        return c;
    }

    /**
     * Counts a wrong code against a challenge.
     *
     * @return the wrong codes it still takes; at 0 it is dead
     */
    public int wrongCode(Challenge c) {
        long count = attempts.increment(guessKey(c), LIFETIME, clock.instant());
        return (int) Math.max(0, MAX_WRONG_CODES - count);
    }

    /**
     * Uses a challenge up. Of two answers racing on any nodes, one wins.
     *
     * @throws NotAuthenticatedException {@code invalid_challenge} when it was already used
     */
    public void spend(Challenge c) {
        if (attempts.increment(usedKey(c), LIFETIME, clock.instant()) > 1) {
            throw invalid();
        }
    }

    private Issued issue(Challenge c) {
        byte[] plain;
        try {
            plain = JSON.writeValueAsBytes(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a challenge could not be written", e);
        }
        return new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(sealer.seal(plain, CONTEXT)), c);
    }

    private static String usedKey(Challenge c) {
        return "challenge-used:" + c.id();
    }

    private static String guessKey(Challenge c) {
        return "challenge-guess:" + c.id();
    }

    private static NotAuthenticatedException invalid() {
        return new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE,
                "the sign-in challenge has expired, was used, or is not one; sign in again");
    }
}
