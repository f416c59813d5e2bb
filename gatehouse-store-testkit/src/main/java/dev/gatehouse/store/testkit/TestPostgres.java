package dev.gatehouse.store.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL the tests run against: {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres} without a password (shared by every module that tests against PostgreSQL), unless {@code GATEHOUSE_TEST_POSTGRES_URL} and
 * {@code GATEHOUSE_TEST_POSTGRES_USER} say otherwise.
 *
 * <p>Each test gets its own schema, {@code gh_test_<random>}, selected with {@code currentSchema}
 * on the URL and dropped when its stores close, so tests start empty, never see each other's rows
 * and leave nothing behind.
 *
 * <p>When the database does not answer, tests that need it are skipped with the reason, except
 * in CI ({@code CI=true}), where a silently skipped backend would pass a build that tested
 * nothing: there they fail. The check runs per test (in {@link #newSchema()}), not per class:
 * Surefire counts a class aborted in {@code @BeforeAll} as zero tests, not as skipped ones.
 */
public final class TestPostgres {

    public static final String URL = env("GATEHOUSE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("GATEHOUSE_TEST_POSTGRES_USER", "postgres");

    /** Null once the database answered; the reason it did not, otherwise. Probed once per JVM. */
    private static String unreachable;
    private static boolean probed;

    private TestPostgres() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Skips (outside CI) or fails (in CI) the calling test unless PostgreSQL answers. */
    public static void require() {
        String reason = probe();
        if (reason != null) {
            skipOrFail(reason, "true".equals(System.getenv("CI")));
        }
    }

    public static void skipOrFail(String reason, boolean ci) {
        if (ci) {
            fail(reason + "; CI=true, so PostgreSQL tests must run: start PostgreSQL (.ci/run does)");
        }
        assumeTrue(false, reason + "; skipping the PostgreSQL tests (they fail instead when CI=true)");
    }

    private static synchronized String probe() {
        if (!probed) {
            probed = true;
            try (Connection c = DriverManager.getConnection(URL + separator(URL) + "connectTimeout=3", USER, null)) {
                unreachable = c.isValid(3) ? null : "PostgreSQL at " + URL + " did not answer";
            } catch (SQLException e) {
                unreachable = "PostgreSQL at " + URL + " as " + USER + " is not reachable: " + e.getMessage();
            }
        }
        return unreachable;
    }

    private static String separator(String url) {
        return url.contains("?") ? "&" : "?";
    }

    /** Runs one statement on a connection of its own, outside any pool. */
    public static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** A new, empty schema; closing it drops it with everything in it. */
    public static Schema newSchema() {
        require();
        String name = "gh_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE SCHEMA " + name);
        return new Schema(name);
    }

    /** One test schema. */
    public record Schema(String name) implements AutoCloseable {

        /** The test database's URL with this schema as the current one. */
        public String url() {
            return URL + separator(URL) + "currentSchema=" + name;
        }

        @Override
        public void close() {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
