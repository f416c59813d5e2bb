package dev.gatehouse.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.bench.harness.WrkOutput.StatusCounts;
import org.junit.jupiter.api.Test;

class WrkOutputTest {

    @Test
    void a_clean_run_reports_its_rate_percentiles_and_no_errors() {
        WrkOutput.Result result = WrkOutput.parse(Recorded.wrk("get-200.txt"));

        assertThat(result.requestsPerSecond()).isEqualTo(1458.52);
        assertThat(result.p50Ms()).isEqualTo(3.68);
        assertThat(result.p99Ms()).isEqualTo(9.73);
        assertThat(result.errors()).isZero();
        assertThat(result.statuses()).isEmpty();
    }

    @Test
    void non_2xx_answers_count_as_errors() {
        assertThat(WrkOutput.parse(Recorded.wrk("get-404.txt")).errors()).isEqualTo(2861);
    }

    @Test
    void socket_errors_add_to_the_non_2xx_answers_and_seconds_become_milliseconds() {
        WrkOutput.Result result = WrkOutput.parse(Recorded.wrk("socket-errors-seconds.txt"));

        assertThat(result.errors()).isEqualTo(7 + 2 + 3);
        assertThat(result.p50Ms()).isCloseTo(1010.0, within(1e-9));
        assertThat(result.p99Ms()).isCloseTo(1130.0, within(1e-9));
    }

    @Test
    void the_post_script_status_line_counts_200s_and_503s_apart() {
        StatusCounts counts = WrkOutput.parse(Recorded.wrk("socket-errors-seconds.txt")).statuses().orElseThrow();

        assertThat(counts).isEqualTo(new StatusCounts(938, 7, 0, 15.030));
        assertThat(counts.okPerSecond()).isEqualTo(62.4);
        assertThat(WrkOutput.parse(Recorded.wrk("post-lua.txt")).statuses().orElseThrow().ok()).isZero();
    }

    @Test
    void a_status_line_with_no_time_counts_no_logins_per_second() {
        assertThat(new StatusCounts(5, 0, 0, 0).okPerSecond()).isZero();
    }

    @Test
    void every_wrk_latency_unit_is_read_in_milliseconds() {
        assertThat(WrkOutput.toMillis("850.00us")).isCloseTo(0.85, within(1e-9));
        assertThat(WrkOutput.toMillis("1.20ms")).isEqualTo(1.20);
        assertThat(WrkOutput.toMillis("2.01s")).isCloseTo(2010.0, within(1e-9));
        assertThat(WrkOutput.toMillis("1.50m")).isCloseTo(90_000.0, within(1e-9));
    }

    @Test
    void an_output_without_a_rate_is_refused_with_the_output_in_the_message() {
        assertThatThrownBy(() -> WrkOutput.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Requests/sec")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void a_run_without_latency_percentiles_is_refused() {
        String withoutDistribution = Recorded.wrk("get-200.txt").replaceAll("(?m)^\\s+\\d+%.*\\n", "");

        assertThatThrownBy(() -> WrkOutput.parse(withoutDistribution)).hasMessageContaining("--latency");
    }

    @Test
    void the_refresh_driver_line_becomes_a_measurement_with_one_decimal() {
        Measurement m = Measurement.ofRefreshDriver("1224.9 48.52 97.41 0 828\n", "3.44");

        assertThat(m.rate()).isEqualTo(1224.9);
        assertThat(m.rateDecimals()).isEqualTo(1);
        assertThat(m.p99Ms()).isEqualTo(97.41);
        assertThat(m.load()).isEqualTo("3.44");
    }

    @Test
    void a_refresh_run_with_no_exchange_has_no_latencies() {
        Measurement m = Measurement.ofRefreshDriver("0 - - 64 0", "1.00");

        assertThat(m.p50Ms()).isNaN();
        assertThat(m.errors()).isEqualTo(64);
    }
}
