package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.pages.PagesTest;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.WebDriverException;
import org.opentest4j.TestAbortedException;

/**
 * Journeys through Gatehouse's pages in a real, headless Chromium. Registered on a static field,
 * it starts once per test class a {@link TestServer} and one browser, and gives every test a
 * browser that remembers nothing from the test before:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BrowserHarness harness = new BrowserHarness();
 *
 * @Test
 * void signing_in_lands_on_the_account_page() {
 *     String name = harness.newAccount();
 *     harness.signIn(name);
 *     assertThat(harness.browser().path()).isEqualTo("/account");
 * }
 * }</pre>
 *
 * <p>Starting a browser is the expensive part (about a second here), so there is one per class;
 * a journey that needs a second person or device asks for {@link #otherBrowser()}, started on
 * first use. The server is shared by the class's tests too: each test makes its own accounts
 * with {@link #newAccount()}. Signing in through the form is a journey of its own; a test that
 * only needs to be signed in uses {@link #signedIn(String)}, which signs in through the form
 * once per account and class and then puts the same cookies back.
 *
 * <p>A failed test leaves {@code target/screenshots/failed-<class>-<test>.png} and the page's
 * HTML beside it. ChromeDriver's log is in {@code target/chromedriver-<class>.log}.
 */
public final class BrowserHarness implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

    static final Path TARGET = Path.of("target");
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");

    private final Map<Setting, String> settings;
    private final MovableClock clock;
    private final AtomicInteger accounts = new AtomicInteger();
    private final AtomicInteger replacements = new AtomicInteger();
    private final Map<String, List<Map<String, Object>>> signIns = new HashMap<>();
    private InstalledBrowser installed;
    private TestAbortedException notInstalled;
    private String logPrefix;
    private Path dataDirectory;
    private TestServer server;
    private Chromium browser;
    private Chromium otherBrowser;
    private Axe axe;
    private long classStarted;

    public BrowserHarness() {
        this(Map.of());
    }

    /** The same, with these server settings over the test defaults. */
    public BrowserHarness(Map<Setting, String> settings) {
        this(settings, new MovableClock(TestServer.START));
    }

    /**
     * The same, with the server on this clock: {@link MovableClock#followingSystemClock()} for
     * journeys through an application Gatehouse did not write, which checks token times against
     * the real time.
     */
    public BrowserHarness(Map<Setting, String> settings, MovableClock clock) {
        this.settings = Map.copyOf(settings);
        this.clock = clock;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        classStarted = System.nanoTime();
        try {
            installed = InstalledBrowser.find();
        } catch (TestAbortedException missing) {
            // Skipped here, the class would count as no test at all; skipped in beforeEach, each
            // test counts as skipped and carries the reason into the report.
            notInstalled = missing;
            return;
        }
        dataDirectory = Files.createTempDirectory("gatehouse-browser-");
        logPrefix = "chromedriver-" + context.getRequiredTestClass().getSimpleName();
        // The browser starts while the server does: each takes a second or two, mostly waiting, and
        // the browser needs the server's address only when a test opens a page.
        long started = System.nanoTime();
        CompletableFuture<Chromium> starting = CompletableFuture.supplyAsync(() -> startBrowser(logPrefix + ".log"));
        try {
            server = TestServer.startNode(dataDirectory, settings, Map.of(), clock);
        } finally {
            browser = starting.join();
        }
        System.out.printf("server and browser started in %d ms (%s)%n", (System.nanoTime() - started) / 1_000_000,
                browser.driver().getCapabilities().getBrowserVersion());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (notInstalled != null) {
            throw notInstalled;
        }
        browser = forgetOrReplace(browser, logPrefix + ".log");
        if (otherBrowser != null) {
            otherBrowser = forgetOrReplace(otherBrowser, logPrefix + "-other.log");
        }
    }

    /** The browser emptied; or, when it no longer answers (a test before left it hung), a new one. */
    private Chromium forgetOrReplace(Chromium chromium, String logName) {
        try {
            chromium.forget();
            return chromium;
        } catch (WebDriverException e) {
            System.out.println("browser did not answer (" + e.getClass().getSimpleName() + "); starting another");
            try {
                chromium.close();
            } catch (WebDriverException alsoGone) {
                e.addSuppressed(alsoGone);
            }
            // A log of its own: the old one tells why the old browser hung.
            return startBrowser(logName.replace(".log", "-" + replacements.incrementAndGet() + ".log"));
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (browser == null) {
            return;
        }
        String name = "failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName();
        try {
            browser.screenshot(name);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.driver().getPageSource());
        } catch (RuntimeException | IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            closeAll(otherBrowser, browser, server);
        } finally {
            System.out.printf("%s: server, browsers and journeys took %d ms%n",
                    context.getRequiredTestClass().getSimpleName(), (System.nanoTime() - classStarted) / 1_000_000);
            if (dataDirectory != null) {
                try (Stream<Path> files = Files.walk(dataDirectory)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** The test server the browsers talk to. */
    public TestServer server() {
        return server;
    }

    /** The class's browser, emptied before each test. */
    public Chromium browser() {
        return browser;
    }

    /**
     * A second browser, as another device or person would have: it shares nothing with
     * {@link #browser()}. Started on first use, emptied before each test.
     */
    public Chromium otherBrowser() {
        if (otherBrowser == null) {
            otherBrowser = startBrowser(logPrefix + "-other.log");
        }
        return otherBrowser;
    }

    /** Creates an account no other test of the class uses, with {@link TestServer#PASSWORD}; returns its name. */
    public String newAccount() {
        String name = "user" + accounts.incrementAndGet();
        server.createAccount(name, false);
        return name;
    }

    /** The same, for an administrator. */
    public String newAdmin() {
        String name = "admin" + accounts.incrementAndGet();
        server.createAccount(name, true);
        return name;
    }

    /**
     * Signs in through the sign-in page, as a person would, and leaves the browser on the page
     * it leads to.
     */
    public Chromium signIn(String account) {
        return signIn(browser, account);
    }

    /** The same in another browser, {@link #otherBrowser()} for example. */
    public Chromium signIn(Chromium chromium, String account) {
        return chromium.open("/login").fill("Username", account).fill("Password", TestServer.PASSWORD).press("Sign in");
    }

    /**
     * Leaves the browser signed in as this account, on {@code /account}: through the sign-in
     * page the first time in the class, with the same cookies afterwards. When those no longer
     * work (a journey signed out), signs in through the page again.
     */
    public Chromium signedIn(String account) {
        Optional.ofNullable(signIns.get(account)).ifPresent(browser::restoreCookies);
        browser.open("/account");
        if (browser.path().startsWith("/login")) {
            signIn(account);
            assertThat(browser.path()).as("signing in as " + account).isEqualTo("/account");
            signIns.put(account, browser.cookies());
        }
        return browser;
    }

    /**
     * What {@code GET /v1/verify} answers to a plain HTTP client holding this browser's cookies:
     * 200 while its session lives, 401 once it has ended. A page would only redirect; this asks the
     * question an app behind Gatehouse asks.
     */
    public int verify(Chromium chromium) {
        Browser http = new Browser(server);
        for (Map<String, Object> c : chromium.cookies()) {
            http.cookies.put((String) c.get("name"), (String) c.get("value"));
        }
        return http.get("/v1/verify").statusCode();
    }

    /**
     * Signs in as this account from a plain HTTP client, another device as far as the pages can
     * tell, without the second or so a second browser costs to start: for a test that only needs
     * the session to exist. Returns the client, whose cookies hold the session.
     */
    public Browser signInOverHttp(String account) {
        Browser http = new Browser(server);
        PagesTest.signIn(http, account, "/account");
        return http;
    }

    /** What axe-core finds on the page the browser shows. */
    public Axe.Findings axe() {
        if (axe == null) {
            axe = Axe.load(installed.axe());
        }
        return axe.run(browser);
    }

    /** Fails, listing them, when axe-core finds serious or critical violations on the current page. */
    public void assertAccessible() {
        Axe.Findings findings = axe();
        System.out.println(findings.describe());
        assertThat(findings.blocking()).as(findings::describe).isEmpty();
    }

    /** Closes each, in order, even when an earlier one fails to close. */
    private static void closeAll(AutoCloseable... closeables) {
        RuntimeException failed = null;
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failed == null) {
                    failed = new IllegalStateException("could not close the browser tests' browsers and server", e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private Chromium startBrowser(String logName) {
        try {
            Files.createDirectories(TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A lambda, not server::uri: the server may not be there yet when the first browser starts.
        return Chromium.start(installed, path -> server.uri(path), TARGET.resolve(logName), SCREENSHOTS);
    }
}
