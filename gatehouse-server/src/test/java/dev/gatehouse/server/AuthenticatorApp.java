package dev.gatehouse.server;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app in a test: codes from a secret as an enrolment shows it, computed by
 * java-otp (an RFC 6238 implementation Gatehouse did not write), so a test of Gatehouse's TOTP
 * never checks it against itself.
 */
public final class AuthenticatorApp {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final SecretKeySpec key;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();

    /** @param secret base32 (RFC 4648), as typed from the enrolment page: spaces and case do not matter */
    public AuthenticatorApp(String secret) {
        this.key = new SecretKeySpec(base32(secret), "HmacSHA1");
    }

    /** The code the app shows at {@code at}. */
    public String code(Instant at) {
        try {
            return generator.generateOneTimePasswordString(key, at, Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A six-digit code that is not the app's at {@code at}, nor at the steps either side. */
    public String wrongCode(Instant at) {
        for (int n = 0; ; n++) {
            String candidate = String.format(Locale.ROOT, "%06d", (Integer.parseInt(code(at)) + 1 + n) % 1_000_000);
            if (!candidate.equals(code(at.minusSeconds(30))) && !candidate.equals(code(at.plusSeconds(30)))) {
                return candidate;
            }
        }
    }

    private static byte[] base32(String text) {
        String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            int v = ALPHABET.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
