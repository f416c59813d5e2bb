package dev.gatehouse.core.mfa;

import dev.gatehouse.core.crypto.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One-time recovery codes: {@value #COUNT} per set, each {@value #LENGTH} characters of Crockford's
 * base32 (digits and lower-case letters without {@code i l o u}), 50 random bits from the server's
 * {@link java.security.SecureRandom}, shown as {@code xxxxx-xxxxx}.
 *
 * <p>Input is normalised the way people copy codes from paper: case, dashes and spaces do not
 * matter, and the letters Crockford's alphabet leaves out because they look like digits are read
 * as those digits ({@code i} and {@code l} as {@code 1}, {@code o} as {@code 0}).
 *
 * <p><b>Why SHA-256 and not a slow password hash.</b> Slow hashes protect what people choose, which
 * has little entropy; these codes are 50 uniformly random bits. Online, a guesser gets ten tries per
 * quarter hour (see {@link SecondFactors}), against 2<sup>50</sup> values. Offline, from a stolen
 * database, each hash is bound to its account (the account id goes into it), so one computation tests
 * one account's codes only, and finding one code of an account takes about 2<sup>46</sup> hashes; even
 * then a recovery code only replaces the second factor, and the password, which is slow-hashed,
 * is still needed. A slow hash would instead cost ten slow hashes per regeneration and one per try.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    public static final int LENGTH = 10;

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private RecoveryCodes() {
    }

    /** A fresh set of codes, formatted for showing. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            codes.add(format(randomCode()));
        }
        return List.copyOf(codes);
    }

    /** The stored form of a code of an account: SHA-256 hex, or null when the text cannot be a code. */
    public static String hash(String accountId, String typed) {
        String code = normalise(typed);
        return code == null ? null : Secrets.sha256Hex(accountId + ":" + code);
    }

    /** The stored forms of a set of codes. */
    public static List<String> hashes(String accountId, List<String> codes) {
        return codes.stream().map(c -> hash(accountId, c)).toList();
    }

    /**
     * The code without dashes and spaces, in lower case, with look-alike letters read as digits;
     * null when the result is not {@value #LENGTH} characters of the alphabet.
     */
    static String normalise(String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '-', ' ' -> { }
                case 'i', 'l' -> out.append('1');
                case 'o' -> out.append('0');
                default -> {
                    if (!isInAlphabet(c)) {
                        return null;
                    }
                    out.append(c);
                }
            }
        }
        return out.length() == LENGTH ? out.toString() : null;
    }

    private static boolean isInAlphabet(char c) {
        for (char a : ALPHABET) {
            if (a == c) {
                return true;
            }
        }
        return false;
    }

    private static String randomCode() {
        byte[] bytes = Secrets.randomBytes(7);
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
        }
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(code);
    }

    private static String format(String code) {
        return code.substring(0, LENGTH / 2) + "-" + code.substring(LENGTH / 2);
    }
}
