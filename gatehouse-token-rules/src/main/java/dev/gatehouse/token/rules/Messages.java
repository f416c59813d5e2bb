package dev.gatehouse.token.rules;

import java.util.regex.Pattern;

/** What of an untrusted value may appear in an exception message: short printable names only. */
public final class Messages {

    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9+/._:@-]{1,40}");

    private Messages() {
    }

    /** The value itself when it is short and plain, else a placeholder with its length. */
    public static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        return SHOWABLE.matcher(value).matches() ? value : "(" + value.length() + " unprintable or long characters)";
    }
}
