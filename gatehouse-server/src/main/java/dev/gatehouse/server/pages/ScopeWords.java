package dev.gatehouse.server.pages;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Scopes in plain words, for the consent, device and account pages: the standard OpenID Connect
 * scopes by their own text ({@code consent.scope.*}), any other by its name.
 */
public final class ScopeWords {

    private ScopeWords() {
    }

    public static List<String> of(Texts t, Collection<String> scopes) {
        List<String> words = new ArrayList<>();
        for (String scope : scopes) {
            String key = "consent.scope." + scope;
            words.add(t.has(key) ? t.get(key) : t.get("consent.scope.other", scope));
        }
        return words;
    }
}
