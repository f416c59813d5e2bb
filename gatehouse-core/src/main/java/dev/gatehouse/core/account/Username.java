package dev.gatehouse.core.account;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Rules for user names: what may be used, and the one form in which names are compared.
 *
 * <p>Two names are the same account when their {@link #key keys} are equal. The key is the NFKC
 * normalisation, case-folded, so {@code "Ａlice"}, {@code "ALICE"} and {@code "alice"} cannot be
 * three different accounts, and neither can names that differ only in how an accent is encoded.
 */
public final class Username {

    /** Longest name accepted, in code points. */
    public static final int MAX_LENGTH = 64;

    private Username() {
    }

    /**
     * Checks a name given for a new account and returns the form to display (NFC, trimmed).
     *
     * @throws InvalidInputException {@code invalid_username} with the reason
     */
    public static String validate(String raw) {
        if (raw == null) {
            throw invalid("a username is required");
        }
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_LENGTH) {
            throw invalid("a username has 1 to " + MAX_LENGTH + " characters, this one has " + length);
        }
        boolean ok = name.codePoints().allMatch(Username::allowed);
        if (!ok) {
            throw invalid("a username may contain letters, digits and . _ - @ + only");
        }
        return name;
    }

    /** The comparison form of a name: NFKC, then case-folded. Accepts anything without throwing. */
    public static String key(String raw) {
        String nfkc = Normalizer.normalize(raw == null ? "" : raw.strip(), Normalizer.Form.NFKC);
        // Upper then lower case approximates Unicode full case folding (for example ß and SS).
        String folded = nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    private static boolean allowed(int cp) {
        return Character.isLetterOrDigit(cp)
                || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.COMBINING_SPACING_MARK
                || cp == '.' || cp == '_' || cp == '-' || cp == '@' || cp == '+';
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_USERNAME, message);
    }
}
