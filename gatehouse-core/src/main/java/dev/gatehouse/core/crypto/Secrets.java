package dev.gatehouse.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few primitives every secret in Gatehouse goes through: random values from one
 * {@link SecureRandom}, SHA-256 digests for storing tokens, HMAC-SHA256 for derived keys and
 * form tokens, and constant-time comparison.
 *
 * <p>Keeping them in one place makes it easy to check that no secret is ever produced by a weak
 * generator or compared with {@code equals}.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** {@code bytes} random bytes. */
    public static byte[] randomBytes(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    /** A URL-safe, unpadded base64 string of {@code bytes} random bytes (256 bits: 43 chars). */
    public static String randomToken(int bytes) {
        return URL.encodeToString(randomBytes(bytes));
    }

    /** SHA-256 of the UTF-8 bytes of {@code value}, as lowercase hex. */
    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of {@code value}. */
    public static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** HMAC-SHA256 of the UTF-8 bytes of {@code message} under {@code key}. */
    public static byte[] hmacSha256(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Compares two secrets in time that depends only on their lengths. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
