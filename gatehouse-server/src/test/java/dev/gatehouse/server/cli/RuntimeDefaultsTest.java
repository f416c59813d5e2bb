package dev.gatehouse.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeDefaultsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(RuntimeDefaults.CARRIERS);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(RuntimeDefaults.CARRIERS);
        } else {
            System.setProperty(RuntimeDefaults.CARRIERS, before);
        }
    }

    @Test
    void virtual_threads_get_two_carriers_per_processor_by_default() {
        System.clearProperty(RuntimeDefaults.CARRIERS);

        RuntimeDefaults.apply();

        assertThat(System.getProperty(RuntimeDefaults.CARRIERS))
                .isEqualTo(Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void an_operators_setting_is_kept() {
        System.setProperty(RuntimeDefaults.CARRIERS, "3");

        RuntimeDefaults.apply();

        assertThat(System.getProperty(RuntimeDefaults.CARRIERS)).isEqualTo("3");
    }
}
