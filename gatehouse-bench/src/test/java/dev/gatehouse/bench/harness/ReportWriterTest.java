package dev.gatehouse.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.bench.harness.Report.HashCost;
import dev.gatehouse.bench.harness.Report.StartUp;
import dev.gatehouse.bench.harness.WrkOutput.StatusCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    private static final Machine MACHINE = new Machine(2, "AMD EPYC", "23.5 GiB", "Linux 6.18.44-fc-v669",
            "openjdk version \"25.0.3\" 2026-04-21 LTS", "wrk debian/4.1.0-3+b2");
    private static final HashCost HASH = new HashCost(27.88, 61.1, 2);
    private static final Report.Run RUN = new Report.Run(1, 64, 5, 15, 388, Instant.parse("2026-11-27T10:49:31Z"),
            "1.61 3.15 4.31", "13.82 8.86 6.23", "bd7b33d", "built by this run", "26.5.6");
    private static final Report.Gatehouse GATEHOUSE = new Report.Gatehouse(
            new StartUp(2516, 1007, 179, 626, 42_781_901), 1572, "RS256", 670, "EdDSA", 414, 43, 828, 828, 238, 43, 200);
    private static final Report.Spring SPRING = new Report.Spring(new StartUp(3557, 3470, 232, 2032, 45_717_914),
            "spring-boot-4.0.7, spring-security-core-7.0.6, spring-session-jdbc-4.0.4", "sqlite-jdbc-3.53.2.1", 48);
    private static final Report.Keycloak KEYCLOAK = new Report.Keycloak(new StartUp(11671, 6429, 338, 772, 180_669_645),
            164_626_432, "argon2, id, m=19456 KiB, t=2, p=1", true, "RS256", 1271, 694, 2157, 2157, 687);

    /** The measurements of the run of 2026-11-27, whose section bench/run.sh wrote before it moved to Java. */
    private static Map<Scenario, Measurement> measurementsOf20261127() {
        Map<Scenario, Measurement> m = new EnumMap<>(Scenario.class);
        m.put(Scenario.GH_S1, wrk(37669, 1.44, 7.29, "1.85"));
        m.put(Scenario.SP_S1, wrk(2413, 23.06, 446.16, "4.51"));
        m.put(Scenario.GH_S2, wrk(39915, 1.42, 5.30, "2.60"));
        m.put(Scenario.SP_S2, wrk(6907, 7.95, 58.67, "6.87"));
        m.put(Scenario.GH_S3, logins(63, 1010, 1130, new StatusCounts(939, 0, 0, 15), "3.78"));
        m.put(Scenario.SP_S3, logins(23, 2280, 7010, new StatusCounts(231, 0, 0, 10), "10.26"));
        m.put(Scenario.KC_S3, logins(32, 2020, 2260, new StatusCounts(318, 0, 0, 10), "17.49"));
        m.put(Scenario.GH_S4, Measurement.ofRefreshDriver("1224.9 48.52 97.41 0 828", "3.44"));
        m.put(Scenario.KC_S4, Measurement.ofRefreshDriver("536.2 106.22 359.61 0 2157", "10.98"));
        m.put(Scenario.GH_S4ED, Measurement.ofRefreshDriver("3071.6 17.52 68.39 0 600", "4.31"));
        m.put(Scenario.GH_S5, wrk(35421, 1.60, 5.51, "3.37"));
        m.put(Scenario.KC_S5, wrk(2319, 25.79, 79.02, "9.40"));
        m.put(Scenario.GH_S6, wrk(36781, 1.40, 9.28, "3.45"));
        m.put(Scenario.GH_S6FLOOD, Measurement.ofLogins(Optional.of(new StatusCounts(454, 0, 0, 20))));
        m.put(Scenario.SP_S6, wrk(89, 719.83, 2650.00, "13.80"));
        m.put(Scenario.SP_S6FLOOD, Measurement.ofLogins(Optional.of(new StatusCounts(702, 0, 0, 20))));
        return m;
    }

    @Test
    void the_section_is_the_one_the_shell_harness_wrote_for_the_same_measurements() throws IOException {
        Report report = new Report(RUN, MACHINE, HASH, measurementsOf20261127(), GATEHOUSE, Optional.of(SPRING),
                Optional.of(KEYCLOAK));

        assertThat(ReportWriter.render(report)).isEqualTo(resource("section-of-2026-11-27.md"));
    }

    @Test
    void a_recorded_wrk_run_becomes_a_row_with_whole_requests_per_second_and_its_load() {
        Map<Scenario, Measurement> m = measurementsOf20261127();
        m.put(Scenario.GH_S1, Measurement.ofWrk(WrkOutput.parse(Recorded.wrk("get-200.txt")), "0.52"));
        m.put(Scenario.SP_S1, Measurement.ofWrk(WrkOutput.parse(Recorded.wrk("get-404.txt")), "0.61"));

        String section = ReportWriter.render(new Report(RUN, MACHINE, HASH, m, GATEHOUSE, Optional.of(SPRING),
                Optional.of(KEYCLOAK)));

        assertThat(section)
                .contains("| Gatehouse `/v1/verify` (cookie) | 1459 | 3.68 | 9.73 | 0 | — | 0.52 |\n")
                .contains("| Spring Security + Spring Session JDBC `/verify` | 1430 | 3.56 | 54.13 | 2861 | 1.02× | 0.61 |\n")
                .contains("| S1 ≥ 3× Spring's session check | 1.02× | **misses** |\n")
                .contains("| S1 p99 ≤ 5 ms at 64 connections | 9.73 ms | **misses** |\n");
    }

    @Test
    void logins_are_compared_with_the_hash_bound_and_the_measured_capacity() {
        Map<Scenario, Measurement> m = measurementsOf20261127();
        m.put(Scenario.GH_S3, Measurement.ofWrk(WrkOutput.parse(Recorded.wrk("socket-errors-seconds.txt")), "2.00"));

        String section = ReportWriter.render(new Report(RUN, MACHINE, HASH, m, GATEHOUSE, Optional.of(SPRING),
                Optional.of(KEYCLOAK)));

        assertThat(section)
                .contains("| Gatehouse `POST /v1/login` (token transport) | 62.4 | 63 | 7 | 1010.00 | 1130.00 | 0.87 | 1.02 | 2.00 |\n")
                .contains("| S3 ≥ 0.85 of the hash bound | 0.87 (62.4 of 71.7/s; of the measured capacity: 1.02) | **holds** |\n");
    }

    @Test
    void without_peers_their_cells_read_n_a_and_their_targets_miss() {
        Map<Scenario, Measurement> gatehouseOnly = new EnumMap<>(Scenario.class);
        measurementsOf20261127().forEach((scenario, measurement) -> {
            if (scenario.key().startsWith("gh.")) {
                gatehouseOnly.put(scenario, measurement);
            }
        });

        String section = ReportWriter.render(new Report(RUN, MACHINE, HASH, gatehouseOnly, GATEHOUSE, Optional.empty(),
                Optional.empty()));

        assertThat(section)
                .doesNotContain("{{")
                .contains("| Gatehouse `/v1/verify` (cookie) | 37669 | 1.44 | 7.29 | 0 | — | 1.85 |\n")
                .contains("| Spring Security + Spring Session JDBC `/verify` | n/a | n/a | n/a | n/a | n/a× | n/a |\n")
                .contains("| Keycloak | n/a | n/a | n/a | n/a | n/a (unpacked; zip n/a) |\n")
                .contains("| S1 ≥ 3× Spring's session check | n/a× | **misses** |\n")
                .contains("| S2 ≥ 0.8× S1 | 1.06× | **holds** |\n")
                .endsWith("<!-- bench/run.sh: end -->\n");
    }

    @Test
    void a_ratio_by_zero_or_of_nothing_is_not_a_number() {
        assertThat(ReportWriter.ratio(java.util.OptionalDouble.of(3), java.util.OptionalDouble.of(0))).isEqualTo("n/a");
        assertThat(ReportWriter.ratio(java.util.OptionalDouble.empty(), java.util.OptionalDouble.of(2))).isEqualTo("n/a");
        assertThat(ReportWriter.verdict("n/a", v -> true)).isEqualTo("**misses**");
    }

    private static Measurement wrk(double rate, double p50, double p99, String load) {
        return new Measurement(rate, 0, p50, p99, 0, Optional.empty(), load);
    }

    private static Measurement logins(double rate, double p50, double p99, StatusCounts counts, String load) {
        return new Measurement(rate, 0, p50, p99, 0, Optional.of(counts), load);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportWriterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
