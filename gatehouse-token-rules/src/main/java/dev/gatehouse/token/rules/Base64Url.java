package dev.gatehouse.token.rules;

import java.util.Base64;

/**
 * Strict base64url without padding (RFC 7515 §2): only the 64 URL-safe characters, no {@code =},
 * no whitespace, and the canonical encoding only (unused trailing bits must be zero), so one
 * token has exactly one spelling. The JDK decoder alone accepts non-canonical input.
 */
public final class Base64Url {

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Base64Url() {
    }

    /** True when {@code s[from, to)} is canonical unpadded base64url. */
    public static boolean isCanonical(String s, int from, int to) {
        int length = to - from;
        if (length % 4 == 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        if (length % 4 != 0) {
            int last = ALPHABET.indexOf(s.charAt(to - 1));
            // 2 chars carry 1 byte (4 unused bits), 3 chars carry 2 bytes (2 unused bits)
            int unusedMask = length % 4 == 2 ? 0x0f : 0x03;
            return (last & unusedMask) == 0;
        }
        return true;
    }

    /**
     * Decodes {@code s[from, to)}.
     *
     * @throws IllegalArgumentException when it is not canonical unpadded base64url
     */
    public static byte[] decode(String s, int from, int to) {
        if (!isCanonical(s, from, to)) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return DECODER.decode(s.substring(from, to));
    }

    /** Decodes all of {@code s}; see {@link #decode(String, int, int)}. */
    public static byte[] decode(String s) {
        return decode(s, 0, s.length());
    }
}
