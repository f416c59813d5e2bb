package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.server.TestNginx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own, in a folder of the test's, on a free port of
 * 127.0.0.1, that the test stops and starts again: faults are injected here, never into the
 * shared PostgreSQL on 5432 that other tests use. Skipped visibly when PostgreSQL's binaries are
 * not installed, except in CI ({@code CI=true}), where that fails.
 *
 * <p>PostgreSQL refuses to run as root, so when the test runs as root, every command runs as the
 * {@code postgres} user ({@code runuser}), in a folder that user owns; the folder the test gives
 * (a {@code @TempDir}) is opened to it for traversal only. The cluster trusts local connections:
 * user {@code postgres}, no password, one database {@code gatehouse}.
 */
final class ThrowawayPostgres implements AutoCloseable {

    static final String DATABASE = "gatehouse";
    static final String USER = "postgres";
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final int port;
    private boolean running;

    private ThrowawayPostgres(Path bin, Path folder) throws IOException {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = TestNginx.freePort();
    }

    /** Makes a new cluster in {@code parent}/postgres, starts it and creates the database. */
    static ThrowawayPostgres create(Path parent) throws IOException, InterruptedException {
        Path bin = binaries();
        Path folder = parent.resolve("postgres");
        Files.createDirectories(folder);
        if (runningAsRoot()) {
            openForTraversal(parent);
            Files.setOwner(folder, folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
        }
        ThrowawayPostgres pg = new ThrowawayPostgres(bin, folder);
        pg.postgres(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"));
        pg.start();
        try (Connection c = pg.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException | RuntimeException | Error e) {
            pg.close(); // the caller never gets it, so nobody else would stop it
            fail("could not create the database: " + e.getMessage());
        }
        return pg;
    }

    /** Lets the postgres user pass through the test's folders (a {@code @TempDir} is rwx------ and root's). */
    private static void openForTraversal(Path parent) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = parent.toAbsolutePath(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(p));
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, permissions);
        }
    }

    /** The newest installed version's binaries; skips or fails the test when there is none. */
    private static Path binaries() throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(INSTALLATIONS)) {
            try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl"))).forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            String reason = "PostgreSQL's binaries are not installed (" + INSTALLATIONS + "/*/bin/pg_ctl)";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ", and CI=true needs this test to run");
            }
            Assumptions.assumeTrue(false, reason);
        }
        return found.stream().max(Comparator.comparing(ThrowawayPostgres::majorVersion)).orElseThrow();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    int port() {
        return port;
    }

    /** The JDBC URL of the database, for {@code store.postgres.url}. */
    String url() {
        return url(port);
    }

    /** The same through another port of 127.0.0.1 (a proxy's). */
    String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Starts the server (again) on this object's port and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        // fsync off: a clean stop still writes everything; only a machine crash would lose it
        postgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("log").toString(),
                "-w", "-t", "30", "-o", "-p " + port + " -h 127.0.0.1 -k " + folder + " -c fsync=off", "start"));
        running = true;
    }

    /** Stops the server the way an orchestrator does ("fast": clients are disconnected, the data written). */
    void stop() throws IOException, InterruptedException {
        postgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-m", "fast", "stop"));
        running = false;
    }

    /** A connection of its own to {@code database} as the superuser, outside any pool. */
    Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, null);
    }

    /** Ends every other connection to the database, as an administrator or a failover does; returns how many. */
    int terminateConnections() throws SQLException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = '" + DATABASE + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (running) {
            stop();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs a PostgreSQL command as the postgres user; fails the test, with its output, when it fails. */
    private void postgres(List<String> command) throws IOException, InterruptedException {
        List<String> asUser = new ArrayList<>();
        if (runningAsRoot()) {
            asUser.addAll(List.of("runuser", "-u", USER, "--"));
        }
        asUser.addAll(command);
        run(asUser, folder);
    }

    private static void run(List<String> command, Path folder) throws IOException, InterruptedException {
        Path output = Files.createTempFile("throwaway-postgres-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish within 60 s:\n" + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + Files.readString(output));
            }
        } finally {
            Files.delete(output);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
