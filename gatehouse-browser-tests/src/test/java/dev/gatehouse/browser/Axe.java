package dev.gatehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * axe-core, the accessibility rules engine, run in the page the browser shows. The installed
 * {@code axe.min.js} is evaluated through DevTools, and run through the driver, both outside the
 * page's Content-Security-Policy, so Gatehouse's {@code default-src 'none'} pages need no
 * exception for it (see {@code BrowserHarnessTest}).
 */
final class Axe {

    /** The impacts a page must not have; {@code minor} and {@code moderate} findings are reported only. */
    static final Set<String> BLOCKING = Set.of("serious", "critical");

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    static Axe load(Path axeMinJs) {
        try {
            return new Axe(Files.readString(axeMinJs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe's default rules (WCAG 2.x A and AA, and best practices) on the current page. */
    @SuppressWarnings("unchecked")
    Findings run(Chromium browser) {
        if (!Boolean.TRUE.equals(browser.driver().executeScript("return typeof window.axe === 'object'"))) {
            // Straight to DevTools: through executeScript, ChromeDriver takes seconds to wrap 650 KB of source.
            Map<String, Object> loaded = browser.cdp("Runtime.evaluate", Map.of("expression", source));
            if (loaded.containsKey("exceptionDetails")) {
                throw new IllegalStateException("axe-core did not load on " + browser.path() + ": "
                        + loaded.get("exceptionDetails"));
            }
        }
        Object result = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                    .then(r => done({violations: r.violations.map(v => ({
                            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                            targets: v.nodes.map(n => n.target.join(' '))}))}))
                    .catch(e => done({error: String(e)}));
                """);
        Map<String, Object> answer = (Map<String, Object>) result;
        if (answer.containsKey("error")) {
            throw new IllegalStateException("axe-core failed on " + browser.path() + ": " + answer.get("error"));
        }
        List<Violation> violations = ((List<Map<String, Object>>) answer.get("violations")).stream()
                .map(v -> new Violation((String) v.get("id"), String.valueOf(v.get("impact")), (String) v.get("help"),
                        (String) v.get("helpUrl"), (List<String>) v.get("targets")))
                .toList();
        return new Findings(browser.path(), violations);
    }

    /** One rule a page breaks, and where. */
    record Violation(String rule, String impact, String help, String helpUrl, List<String> targets) {

        boolean blocking() {
            return BLOCKING.contains(impact);
        }

        @Override
        public String toString() {
            return impact + " " + rule + ": " + help + " (" + targets.size() + "× " + String.join(", ", targets)
                    + ") " + helpUrl;
        }
    }

    /** What axe found on one page. */
    record Findings(String path, List<Violation> violations) {

        List<Violation> blocking() {
            return violations.stream().filter(Violation::blocking).toList();
        }

        /** One line per violation, the serious and critical ones first. */
        String describe() {
            if (violations.isEmpty()) {
                return "axe on " + path + ": no violations";
            }
            return "axe on " + path + ": " + violations.size() + " violation(s)\n" + violations.stream()
                    .sorted((a, b) -> Boolean.compare(b.blocking(), a.blocking()))
                    .map(v -> "  " + v).collect(Collectors.joining("\n"));
        }
    }
}
