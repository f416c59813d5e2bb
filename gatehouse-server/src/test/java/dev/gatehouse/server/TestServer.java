package dev.gatehouse.server;

import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.http.GatehouseServer;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Gatehouse server over a real SQLite store in a folder of its own, with a clock the test
 * moves: the one way every test module (the server's, the verifier's, the example's, the
 * scale-out tests) starts Gatehouse, so the settings every test server needs are written here
 * only. Password hashing is made cheap so tests run fast; its real cost is measured in
 * benchmarks, not here.
 *
 * <p>Two ways to use it:
 * <ul>
 *   <li>{@link #eachTest()} as a JUnit extension, {@code @RegisterExtension final TestServer server
 *       = TestServer.eachTest(...)}: started in a temporary folder before each test (before the
 *       class's own {@code @BeforeEach} methods) and closed, folder deleted, after it;</li>
 *   <li>{@link #start(Path)} and {@link #startNode}: started at once on the caller's folder, closed by
 *       the caller.</li>
 * </ul>
 *
 * <p>The first start listens on a free port; every later {@link #start()} or {@link #restart()}
 * listens on that same port again, as a restarted real server does, so a verifier or a load
 * balancer can see it go away and come back at the same address.
 */
public final class TestServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    public static final String ORIGIN = "https://gatehouse.test";
    public static final String PASSWORD = "correct horse battery staple";
    /** Where every test server's clock starts, unless the test brings its own. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Path dataDirectory;
    private Map<Setting, String> overrides;
    private final Map<String, String> env;
    /** Given to the server; a verifier in the same test should get it too. */
    public final MovableClock clock;
    /** The port of the first start, listened on again by every later one; 0 before that. */
    private int port;
    private Gatehouse gatehouse;
    private GatehouseServer server;

    private TestServer(Path dataDirectory, Map<Setting, String> overrides, Map<String, String> env,
                       MovableClock clock) {
        this.dataDirectory = dataDirectory;
        this.overrides = Map.copyOf(overrides);
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** A server started before each test, in a temporary folder, and closed after it. */
    public static TestServer eachTest() {
        return eachTest(Map.of());
    }

    /** The same, with these settings over the test defaults. */
    public static TestServer eachTest(Map<Setting, String> overrides) {
        return new TestServer(null, overrides, Map.of(), new MovableClock(START));
    }

    public static TestServer start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    public static TestServer start(Path dataDirectory, Map<Setting, String> overrides) {
        return startNode(dataDirectory, overrides, Map.of(), new MovableClock(START));
    }

    /** One of several nodes: shared stores come in {@code overrides}, a shared master key in {@code env}. */
    public static TestServer startNode(Path dataDirectory, Map<Setting, String> overrides, Map<String, String> env,
                                       MovableClock clock) {
        TestServer t = new TestServer(dataDirectory, overrides, env, clock);
        t.start();
        return t;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (dataDirectory != null) {
            throw new IllegalStateException("a TestServer registered as an extension is started by JUnit, once");
        }
        dataDirectory = Files.createTempDirectory("gatehouse-test-");
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public Settings settings() {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        raw.put(Setting.SERVER_PORT, Integer.toString(port));
        raw.put(Setting.SERVER_PUBLIC_ORIGIN, ORIGIN);
        raw.put(Setting.STORE_DATA_DIR, dataDirectory.toString());
        raw.put(Setting.PASSWORD_MEMORY_KIB, "64");
        raw.put(Setting.PASSWORD_ITERATIONS, "1");
        raw.putAll(overrides);
        return Settings.from(raw);
    }

    /** Starts the server (again, after {@link #close()}), with the same settings, folder and port. */
    public void start() {
        if (server != null) {
            throw new IllegalStateException("already running");
        }
        gatehouse = Gatehouse.open(settings(), env, clock);
        try {
            server = GatehouseServer.start(gatehouse);
        } catch (RuntimeException e) {
            gatehouse.close();
            throw e;
        }
        port = server.port();
    }

    /** Stops the server and the store, then starts both again on the same folder and port. */
    public void restart() {
        close();
        start();
    }

    /** The same, with these settings added to the ones it had: for the one test that needs other limits. */
    public void restartWith(Map<Setting, String> more) {
        Map<Setting, String> merged = new EnumMap<>(Setting.class);
        merged.putAll(overrides);
        merged.putAll(more);
        close();
        overrides = Map.copyOf(merged);
        start();
    }

    public Gatehouse gatehouse() {
        return gatehouse;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    /** Every route of the running server's table. */
    public List<GatehouseServer.Route> routes() {
        return server.routes();
    }

    /** Creates an account with {@link #PASSWORD}. */
    public void createAccount(String name, boolean admin) {
        gatehouse.accounts().create(name, PASSWORD, admin);
    }

    /** Stops the server and closes the store; does nothing when they are not running. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } finally {
            server = null;
            gatehouse.close();
        }
    }
}
