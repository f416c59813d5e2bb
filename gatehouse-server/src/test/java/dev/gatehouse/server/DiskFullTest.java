package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.store.sql.SqliteStores;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk under the embedded store fills up while a node runs, then gets space again. While it
 * is full, whatever must write (a sign-in, a refresh) is answered 503 {@code storage_full}, with
 * {@code Retry-After}, never a 500; whatever only reads (cookie and bearer checks of sessions that
 * exist) keeps working, even when the check would have slid the session's idle deadline. Once
 * space is back, everything works again without a restart, and the database is intact.
 *
 * <p>The data folder is a small tmpfs of its own, so the test fills a disk without touching the
 * machine's. Mounting needs root: in CI the test fails when it cannot mount; elsewhere it skips,
 * saying why.
 */
class DiskFullTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TMPFS_SIZE = "8m";

    @TempDir
    Path temp;
    Path data;
    boolean mounted;
    TestServer server;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        data = Files.createDirectory(temp.resolve("data"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", data.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes()).strip();
        mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (!mounted && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but a tmpfs cannot be mounted for the disk-full test: " + output);
        }
        assumeThat(mounted).as("mounting a tmpfs needs root (mount said: " + output + ")").isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mounted) {
            Process umount = new ProcessBuilder("umount", data.toString()).inheritIO().start();
            assertThat(umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0).as("umount " + data).isTrue();
        }
    }

    @Test
    void with_the_disk_full_writes_get_503_storage_full_checks_keep_working_and_freeing_space_recovers_without_a_restart()
            throws Exception {
        server = TestServer.start(data);
        List<Browser> browsers = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol")) {
            server.createAccount(name, false);
            Browser b = new Browser(server);
            assertThat(b.login(name).statusCode()).isEqualTo(200);
            browsers.add(b);
        }
        JsonNode tokens = json(new Browser(server).postJson("/v1/login",
                "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD + "\",\"transport\":\"token\"}"));
        String access = tokens.path("access_token").asText();
        String refresh = tokens.path("refresh_token").asText();

        Path filler = data.resolve("filler");
        long filled = fill(filler);
        System.out.println("filled the " + TMPFS_SIZE + " tmpfs with " + filled / 1024 + " KiB; free now: "
                + Files.getFileStore(data).getUsableSpace() + " bytes");
        // Past the touch interval: each cookie check below would slide its session's idle deadline, a write.
        server.clock.advance(Duration.ofMinutes(2));

        for (Browser b : browsers) {
            assertThat(b.get("/v1/verify").statusCode()).as("cookie check with the disk full").isEqualTo(200);
        }
        assertThat(bearer(access).statusCode()).as("bearer check with the disk full").isEqualTo(200);

        HttpResponse<String> signIn = fillAgainAndCall(filler, () -> new Browser(server).login("bob"));
        System.out.println("sign-in with the disk full: " + signIn.statusCode() + " " + signIn.body());
        assertStorageFull(signIn);
        HttpResponse<String> refreshed = fillAgainAndCall(filler,
                () -> new Browser(server).postJson("/v1/refresh", "{\"refresh_token\":\"" + refresh + "\"}"));
        System.out.println("refresh with the disk full: " + refreshed.statusCode() + " " + refreshed.body());
        assertStorageFull(refreshed);
        HttpResponse<String> ready = new Browser(server).get("/health/ready");
        System.out.println("readiness with the disk full: " + ready.statusCode() + " " + ready.body());
        assertThat(ready.statusCode()).as("reads still work, so the node still serves checks").isEqualTo(200);
        for (Browser b : browsers) {
            assertThat(b.get("/v1/verify").statusCode()).as("cookie check after failed writes").isEqualTo(200);
        }

        Files.delete(filler);

        Browser after = new Browser(server);
        assertThat(after.login("bob").statusCode()).as("sign-in once space is back").isEqualTo(200);
        assertThat(after.get("/v1/verify").statusCode()).isEqualTo(200);
        HttpResponse<String> refreshedAfter = new Browser(server).postJson("/v1/refresh",
                "{\"refresh_token\":\"" + refresh + "\"}");
        assertThat(refreshedAfter.statusCode()).as("refresh once space is back: " + refreshedAfter.body()).isEqualTo(200);
        for (Browser b : browsers) {
            assertThat(b.get("/v1/verify").statusCode()).isEqualTo(200);
            assertThat(b.send(b.request("/v1/logout").POST(HttpRequest.BodyPublishers.noBody()), true).statusCode()).isBetween(200, 299);
            assertThat(b.get("/v1/verify").statusCode()).as("signed out").isEqualTo(401);
        }

        server.close();
        server = null;
        assertThat(integrityCheck(data.resolve(SqliteStores.FILE_NAME))).isEqualTo("ok");
    }

    /** Writes zeros to {@code file} until the disk refuses more; returns how many bytes it took. */
    private static long fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                int size = block.length;
                try {
                    out.write(block, 0, size);
                    written += size;
                } catch (IOException full) {
                    break;
                }
            }
        } catch (IOException closingFull) {
            // the last buffered bytes did not fit either: the disk is full, as wanted
        }
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) { // the last partial block: single bytes until none fits
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            return written;
        }
    }

    /**
     * A failed write may leave SQLite's files a little shorter than before (a truncated journal),
     * which frees a few pages; fill them again, so the call meets a full disk.
     */
    private static HttpResponse<String> fillAgainAndCall(Path filler, java.util.function.Supplier<HttpResponse<String>> call)
            throws IOException {
        fill(filler);
        return call.get();
    }

    private static void assertStorageFull(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.body()).contains("\"code\":\"storage_full\"").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }

    private HttpResponse<String> bearer(String accessToken) {
        Browser b = new Browser(server);
        return b.send(b.request("/v1/verify").header("Authorization", "Bearer " + accessToken).GET(), false);
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static String integrityCheck(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(out.isEmpty() ? "" : "\n").append(rs.getString(1));
            }
            return out.toString();
        }
    }
}
