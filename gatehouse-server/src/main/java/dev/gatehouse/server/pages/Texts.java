package dev.gatehouse.server.pages;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of every page, from one message bundle: {@code messages.properties} (English) beside
 * this class. A translation is one more file, {@code messages_<language>.properties}; a request's
 * {@code Accept-Language} picks it, and a key it lacks falls back to English.
 *
 * <p>Placeholders are {@code {0}}, {@code {1}}...; they are replaced as they are, with no other
 * syntax (an apostrophe is just an apostrophe). Templates escape what they print.
 */
public final class Texts {

    private static final String BUNDLE = "dev.gatehouse.server.pages.messages";
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    /** Enough of a header to find a language; a longer one is someone playing. */
    private static final int MAX_ACCEPT_LANGUAGE = 256;

    private final ResourceBundle bundle;

    private Texts(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** English, the language every key exists in. */
    public static Texts english() {
        return new Texts(ResourceBundle.getBundle(BUNDLE, Locale.ROOT, NO_DEFAULT_LOCALE));
    }

    /** The first language of the request's {@code Accept-Language} that has a bundle, else English. */
    public static Texts of(ServerRequest req) {
        String header = req.headers().first(HeaderNames.ACCEPT_LANGUAGE).orElse("");
        if (header.isEmpty() || header.length() > MAX_ACCEPT_LANGUAGE) {
            return english();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return english();
        }
        for (Locale.LanguageRange range : ranges.subList(0, Math.min(ranges.size(), 5))) {
            if (range.getWeight() == 0 || range.getRange().equals("*")) {
                continue;
            }
            Locale wanted = Locale.forLanguageTag(range.getRange());
            if (wanted.getLanguage().equals("en")) {
                return english();
            }
            ResourceBundle found = ResourceBundle.getBundle(BUNDLE, wanted, NO_DEFAULT_LOCALE);
            if (!found.getLocale().getLanguage().isEmpty()) {
                return new Texts(found);
            }
        }
        return english();
    }

    /** The language of these texts, for {@code <html lang>}. */
    public String lang() {
        String language = bundle.getLocale().getLanguage();
        return language.isEmpty() ? "en" : language;
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}... replaced by {@code args}. */
    public String get(String key, Object... args) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no text for key " + key, e);
        }
        if (args.length == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int end = text.indexOf('}', i);
            if (c == '{' && end == i + 2 && Character.isDigit(text.charAt(i + 1)) && text.charAt(i + 1) - '0' < args.length) {
                out.append(args[text.charAt(i + 1) - '0']);
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether a key exists, for texts chosen by code (an error code may or may not have a human text). */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
