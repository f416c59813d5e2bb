package dev.gatehouse.store.sql;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sets of words (audiences, scopes) kept as one space-separated text column, the form OAuth itself
 * uses for such lists: they are few, always read together and never queried by. A word that is
 * empty or contains whitespace cannot be kept that way and is refused.
 */
final class SpaceSeparated {

    private static final String SEPARATOR = " ";

    private SpaceSeparated() {
    }

    /**
     * Sorted, so equal sets are stored as equal text.
     *
     * @param what what a word is, for the message ("an audience")
     */
    static String encode(String what, Set<String> words) {
        for (String word : words) {
            if (word.isEmpty() || word.codePoints().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(what + " must be non-empty and without whitespace: \"" + word + "\"");
            }
        }
        return words.stream().sorted().collect(Collectors.joining(SEPARATOR));
    }

    static Set<String> decode(String text) {
        return text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split(SEPARATOR)));
    }
}
