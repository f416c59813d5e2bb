package dev.gatehouse.core.mfa;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Base32 of RFC 4648 (alphabet {@code A-Z2-7}) without padding: the form authenticator apps take
 * a TOTP secret in, typed or inside an {@code otpauth} URI.
 *
 * <p>Decoding is lenient where people are (lower case, spaces, trailing {@code =} padding) and
 * strict where a typo would give a different secret: any other character, or a length no
 * encoding produces, is refused.
 */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    /** The unpadded base32 of {@code bytes}, upper case. */
    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /**
     * The bytes of a base32 text, in either case, ignoring spaces and trailing padding.
     *
     * @throws IllegalArgumentException for a character outside the alphabet or an impossible length
     */
    public static byte[] decode(String text) {
        String s = text.replace(" ", "").toUpperCase(Locale.ROOT);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        int rest = end % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new IllegalArgumentException("not base32: " + end + " characters is no whole number of bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            int value = valueOf(s.charAt(i));
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        throw new IllegalArgumentException("not base32: a character outside A-Z and 2-7");
    }
}
