package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule that keeps an unreachable PostgreSQL from passing CI silently. */
class TestPostgresTest {

    @Test
    void without_postgresql_a_test_is_skipped_with_the_reason_outside_ci() {
        assertThatThrownBy(() -> TestPostgres.skipOrFail("PostgreSQL at x is not reachable", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("PostgreSQL at x is not reachable");
    }

    @Test
    void without_postgresql_a_test_fails_in_ci() {
        assertThatThrownBy(() -> TestPostgres.skipOrFail("PostgreSQL at x is not reachable", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("PostgreSQL at x is not reachable")
                .hasMessageContaining("CI=true");
    }
}
