package dev.gatehouse.core.mfa;

import dev.gatehouse.core.crypto.Secrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app computes them: HMAC-SHA1,
 * {@value #DIGITS} digits, {@value #STEP_SECONDS}-second steps counted from the Unix epoch.
 *
 * <p>A code is accepted in its own step and {@value #WINDOW} step on either side of now, so a
 * phone clock a little off, or a code typed as it changed, still works; a wider window would
 * only give a guesser more codes to hit. {@link #match} returns the step it matched, so the
 * caller can spend it and refuse that code (and every earlier one) a second time.
 *
 * <p>The comparison runs over the whole window in time that does not depend on which code, or
 * which digit, matched. Input is compared as typed minus spaces; anything but six ASCII digits
 * matches nothing (it is simply a wrong code).
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int STEP_SECONDS = 30;
    /** Steps accepted on each side of the current one. */
    public static final int WINDOW = 1;
    /** 160 bits: the secret length RFC 4226 recommends, SHA-1's output size. */
    public static final int SECRET_BYTES = 20;

    private static final int MODULUS = 1_000_000;

    private Totp() {
    }

    /** A new random secret from the server's {@link java.security.SecureRandom}. */
    public static byte[] newSecret() {
        return Secrets.randomBytes(SECRET_BYTES);
    }

    /** The time step {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** How long a step lasts. */
    public static Duration stepLength() {
        return Duration.ofSeconds(STEP_SECONDS);
    }

    /** The code of {@code secret} in {@code step}, zero-padded to six digits. */
    public static String code(byte[] secret, long step) {
        byte[] hash = hmacSha1(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % MODULUS);
    }

    /**
     * Finds the step within the window around {@code now} whose code {@code typed} is.
     *
     * @return the matched step, or empty for a wrong or malformed code
     */
    public static OptionalLong match(byte[] secret, String typed, Instant now) {
        String code = normalise(typed);
        if (code == null) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long matched = Long.MIN_VALUE;
        for (long s = current - WINDOW; s <= current + WINDOW; s++) {
            // every step is computed and compared, whichever matches: no early exit to time
            boolean equal = MessageDigest.isEqual(code(secret, s).getBytes(StandardCharsets.US_ASCII), given);
            if (equal && matched == Long.MIN_VALUE) {
                matched = s;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /**
     * The {@code otpauth://totp/} URI an authenticator app reads from a QR code (the Key Uri
     * Format of Google Authenticator, which every app follows). Issuer and user name are
     * percent-encoded as RFC 3986 requires: a space is {@code %20}, never {@code +}, which apps
     * would show.
     */
    public static String uri(String issuer, String username, byte[] secret) {
        String label = percentEncode(issuer) + ":" + percentEncode(username);
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + percentEncode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    /** The code as typed without spaces, or null when that is not six ASCII digits. */
    static String normalise(String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        String code = typed.replace(" ", "");
        if (code.length() != DIGITS) {
            return null;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return code;
    }

    /** RFC 3986: every byte of the UTF-8 form but the unreserved characters as {@code %XX}. */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }
}
