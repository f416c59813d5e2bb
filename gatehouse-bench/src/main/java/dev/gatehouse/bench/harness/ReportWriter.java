package dev.gatehouse.bench.harness;

import dev.gatehouse.bench.harness.Report.StartUp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the harness's section of docs/benchmarks.md from {@code report-section.md}, a template
 * beside this class whose {@code {{name}}} placeholders are filled here: the prose lives in the
 * template, the numbers and verdicts are computed here. A placeholder that this class does not
 * fill is an error, so the template and the code cannot drift apart silently.
 *
 * <p>Ratios are taken between the values as shown (whole requests/s, logins/s to one decimal)
 * and shown to two decimals; a target's verdict compares the shown value. A value that was not
 * measured (a peer left out, a division by zero) reads {@code n/a}, and its target misses.
 */
final class ReportWriter {

    static final String TEMPLATE = "report-section.md";
    private static final String NA = "n/a";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private final Map<String, String> values = new HashMap<>();
    private final Report report;

    private ReportWriter(Report report) {
        this.report = report;
    }

    /** The markdown section, from its begin marker to its end marker and a final newline. */
    static String render(Report report) {
        return new ReportWriter(report).fill(template());
    }

    private String fill(String template) {
        run();
        for (Scenario scenario : Scenario.values()) {
            measurement(scenario);
        }
        startUp("gh", Optional.of(report.gatehouse().startUp()));
        startUp("sp", report.spring().map(Report.Spring::startUp));
        startUp("kc", report.keycloak().map(Report.Keycloak::startUp));
        sizes();
        targets();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("the report template names {{" + m.group(1) + "}}, which nothing fills");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void run() {
        Report.Run run = report.run();
        Machine machine = report.machine();
        put("runSeconds", run.seconds());
        put("date", DATE.format(run.date().atOffset(ZoneOffset.UTC)));
        put("loadAtStart", run.loadAtStart());
        put("loadAtEnd", run.loadAtEnd());
        put("ghCommit", run.gatehouseCommit());
        put("ghBuildNote", run.gatehouseBuildNote());
        put("keycloakVersion", run.keycloakVersion());
        put("threads", run.threads());
        put("connections", run.connections());
        put("warmup", run.warmupSeconds());
        put("duration", run.durationSeconds());
        put("cores", machine.cores());
        put("cpuModel", machine.cpuModel());
        put("memory", machine.memory());
        put("kernel", machine.kernel());
        put("jdk", machine.jdk());
        put("wrk", machine.wrk());
        put("hashMs", format(report.hash().oneCheckMs(), 2));
        put("hashBound", format(report.hash().bound(), 1));
        put("hashParallel", format(report.hash().parallelChecksPerSecond(), 1));
        put("springVersions", report.spring().map(Report.Spring::versions).orElse(NA));
        put("sqliteVersion", report.spring().map(Report.Spring::sqliteVersion).orElse(NA));
        put("kcHashParams", report.keycloak().map(Report.Keycloak::hashParams).orElse(NA));
        put("kcRotates", report.keycloak().map(k -> k.rotates() ? "yes" : "no").orElse(NA));
        put("ghAlg", report.gatehouse().alg());
    }

    /** {@code key} (rate | p50 | p99 | errors), and each cell alone as {@code key.rate} and so on. */
    private void measurement(Scenario scenario) {
        String key = scenario.key();
        Optional<Measurement> m = report.measurement(scenario);
        String rate = m.map(x -> format(x.rate(), x.rateDecimals())).orElse(NA);
        String p50 = m.map(x -> millis(x.p50Ms())).orElse(NA);
        String p99 = m.map(x -> millis(x.p99Ms())).orElse(NA);
        String errors = m.map(x -> Long.toString(x.errors())).orElse(NA);
        put(key, rate + " | " + p50 + " | " + p99 + " | " + errors);
        put(key + ".rate", rate);
        put(key + ".p50", p50);
        put(key + ".p99", p99);
        put(key + ".errors", errors);
        put(key + ".load", m.map(Measurement::load).orElse(NA));
        OptionalDouble logins = logins(scenario);
        put(key + ".logins", logins.isPresent() ? format(logins.getAsDouble(), 1) : NA);
        put(key + ".busy", m.map(x -> x.logins().map(s -> Long.toString(s.busy())).orElse("0")).orElse(NA));
        put(key + ".ofBound", ratio(logins, OptionalDouble.of(report.hash().bound())));
        put(key + ".ofCapacity", ratio(logins, OptionalDouble.of(report.hash().parallelChecksPerSecond())));
    }

    private void startUp(String system, Optional<StartUp> startUp) {
        put(system + ".firstStartMs", startUp.map(s -> Long.toString(s.firstStartMs())).orElse(NA));
        put(system + ".restartMs", startUp.map(s -> Long.toString(s.restartMs())).orElse(NA));
        put(system + ".idleRssMb", startUp.map(s -> Long.toString(s.idleRssMb())).orElse(NA));
        put(system + ".loadedRssMb", startUp.map(s -> Long.toString(s.loadedRssMb())).orElse(NA));
        put(system + ".sizeMb", startUp.map(s -> mebibytes(s.sizeBytes())).orElse(NA));
    }

    private void sizes() {
        Report.Gatehouse gh = report.gatehouse();
        put("gh.plainRestartMs", gh.plainRestartMs());
        put("gh.accessBytes", gh.accessBytes());
        put("gh.edAlg", gh.edAlg());
        put("gh.edAccessBytes", gh.edAccessBytes());
        put("gh.refreshBytes", gh.refreshBytes());
        put("gh.loginBodyBytes", gh.loginBodyBytes());
        put("gh.refreshBodyBytes", gh.refreshBodyBytes());
        put("gh.introspectionBodyBytes", gh.introspectionBodyBytes());
        put("gh.cookieBytes", gh.cookieBytes());
        put("gh.cookieLoginBodyBytes", gh.cookieLoginBodyBytes());
        put("sp.cookieBytes", report.spring().map(s -> Integer.toString(s.cookieBytes())).orElse(NA));
        Optional<Report.Keycloak> kc = report.keycloak();
        keycloak("kc.zipMb", kc, k -> mebibytes(k.zipBytes()));
        keycloak("kc.alg", kc, Report.Keycloak::alg);
        keycloak("kc.accessBytes", kc, k -> Integer.toString(k.accessBytes()));
        keycloak("kc.refreshBytes", kc, k -> Integer.toString(k.refreshBytes()));
        keycloak("kc.loginBodyBytes", kc, k -> Integer.toString(k.loginBodyBytes()));
        keycloak("kc.refreshBodyBytes", kc, k -> Integer.toString(k.refreshBodyBytes()));
        keycloak("kc.introspectionBodyBytes", kc, k -> Integer.toString(k.introspectionBodyBytes()));
    }

    private void targets() {
        String s1 = rateRatio(Scenario.GH_S1, Scenario.SP_S1);
        String s2 = rateRatio(Scenario.GH_S2, Scenario.SP_S2);
        String s2OfS1 = rateRatio(Scenario.GH_S2, Scenario.GH_S1);
        String s4 = rateRatio(Scenario.GH_S4, Scenario.KC_S4);
        String s5 = rateRatio(Scenario.GH_S5, Scenario.KC_S5);
        put("s1Ratio", s1);
        put("s2Ratio", s2);
        put("s2OfS1", s2OfS1);
        put("s4Ratio", s4);
        put("s4EdRatio", rateRatio(Scenario.GH_S4ED, Scenario.KC_S4));
        put("s5Ratio", s5);
        put("s3GhOfSp", ratio(logins(Scenario.GH_S3), logins(Scenario.SP_S3)));
        put("s3GhOfKc", ratio(logins(Scenario.GH_S3), logins(Scenario.KC_S3)));
        put("verdict.s1", verdict(s1, v -> v >= 3));
        put("verdict.s1p99", verdict(values.get("gh.s1.p99"), v -> v <= 5));
        put("verdict.s2OfS1", verdict(s2OfS1, v -> v >= 0.8));
        put("verdict.s2", verdict(s2, v -> v >= 2));
        put("verdict.s3", verdict(values.get("gh.s3.ofBound"), v -> v >= 0.85));
        put("verdict.s6", verdict(values.get("gh.s6.p99"), v -> v <= 10));
        put("verdict.s4", verdict(s4, v -> v >= 10));
        put("verdict.s5", verdict(s5, v -> v >= 10));
        put("verdict.s7start", verdict(values.get("gh.restartMs"), v -> v <= 1500));
        put("verdict.s7rss", verdict(values.get("gh.idleRssMb"), v -> v <= 200));
        put("verdict.s8rs", verdict(values.get("gh.accessBytes"), v -> v <= 800));
        put("verdict.s8ed", verdict(values.get("gh.edAccessBytes"), v -> v <= 450));
    }

    private OptionalDouble logins(Scenario scenario) {
        return report.measurement(scenario).flatMap(Measurement::logins)
                .map(s -> OptionalDouble.of(s.okPerSecond())).orElse(OptionalDouble.empty());
    }

    private String rateRatio(Scenario a, Scenario b) {
        return ratio(rate(a), rate(b));
    }

    private OptionalDouble rate(Scenario scenario) {
        return report.measurement(scenario).map(m -> OptionalDouble.of(m.rate())).orElse(OptionalDouble.empty());
    }

    static String ratio(OptionalDouble a, OptionalDouble b) {
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) {
            return NA;
        }
        return format(a.getAsDouble() / b.getAsDouble(), 2);
    }

    /** Bold "holds" or "misses" for a shown value; a value not measured misses. */
    static String verdict(String shown, java.util.function.DoublePredicate target) {
        try {
            return target.test(Double.parseDouble(shown)) ? "**holds**" : "**misses**";
        } catch (NumberFormatException | NullPointerException notMeasured) {
            return "**misses**";
        }
    }

    private void keycloak(String key, Optional<Report.Keycloak> kc, Function<Report.Keycloak, String> value) {
        put(key, kc.map(value).orElse(NA));
    }

    private void put(String key, Object value) {
        values.put(key, String.valueOf(value));
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : format(ms, 2);
    }

    private static String mebibytes(long bytes) {
        return format(bytes / 1048576.0, 1);
    }

    static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String template() {
        try (InputStream in = ReportWriter.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
