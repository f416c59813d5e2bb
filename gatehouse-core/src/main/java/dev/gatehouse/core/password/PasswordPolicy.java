package dev.gatehouse.core.password;

import dev.gatehouse.core.account.Username;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must satisfy, following NIST SP 800-63B: a minimum length, a generous
 * maximum, no composition rules, and a refusal of passwords that appear in lists of the most
 * commonly used (or breached) ones.
 *
 * <p>Passwords are normalised with NFKC before they are checked or hashed, so the same
 * password typed on two keyboards that encode it differently still matches.
 */
public final class PasswordPolicy {

    /** Shortest password accepted, in code points. */
    public static final int MIN_LENGTH = 8;
    /** Longest password accepted, in code points; long enough for any passphrase. */
    public static final int MAX_LENGTH = 256;

    private static final Set<String> COMMON = loadCommonPasswords();

    private PasswordPolicy() {
    }

    /** The form in which a password is hashed and verified. */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /**
     * Checks a new password for an account.
     *
     * @throws InvalidInputException {@code weak_password} saying which rule failed (never echoing
     *                               the password)
     */
    public static void check(String password, String username) {
        if (password == null) {
            throw weak("a password is required");
        }
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            throw weak("a password needs at least " + MIN_LENGTH + " characters, this one has " + length);
        }
        if (length > MAX_LENGTH) {
            throw weak("a password has at most " + MAX_LENGTH + " characters, this one has " + length);
        }
        String lower = normalized.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            throw weak("this password is among the most commonly used ones; choose another");
        }
        if (username != null && Username.key(username).equals(Username.key(normalized))) {
            throw weak("a password must not be the username");
        }
    }

    private static InvalidInputException weak(String message) {
        return new InvalidInputException(ErrorCode.WEAK_PASSWORD, message);
    }

    private static Set<String> loadCommonPasswords() {
        Set<String> set = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    set.add(entry.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(set);
    }
}
