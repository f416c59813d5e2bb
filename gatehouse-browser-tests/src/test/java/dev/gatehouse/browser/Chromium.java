package dev.gatehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * One headless Chromium, driven through ChromeDriver, with the few moves a journey needs: open a
 * path, fill a field by its label, press a button by its text, read the page. Everything else is
 * at {@link #driver()}.
 *
 * <p>Starting one costs about a second, so a test class shares one ({@link BrowserHarness}) and
 * {@link #forget()} gives each journey a browser that remembers nothing: no cookies, no cache,
 * no emulated colour scheme, width or disabled JavaScript left over from the journey before.
 *
 * <p>The Chrome DevTools Protocol calls go through ChromeDriver's own endpoint, so they do not
 * depend on Selenium having a DevTools module for this Chromium version.
 */
public final class Chromium implements AutoCloseable {

    /**
     * Selenium warns at every start that it has no DevTools module for this Chromium version; none
     * is needed (see above), so the warning is only noise in the test output. Held here because
     * java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private static final Duration NAVIGATION_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long one driver command may take. Selenium's default, three minutes, lets a browser that
     * stopped answering hold a test up that long; {@link BrowserHarness} starts another instead.
     */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;

    private final ChromeDriver driver;
    private final Function<String, URI> base;
    private final Path screenshots;

    private Chromium(ChromeDriver driver, Function<String, URI> base, Path screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** Starts a headless Chromium whose paths are resolved by {@code base}. */
    static Chromium start(InstalledBrowser installed, Function<String, URI> base, Path logFile, Path screenshots) {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(installed.chromium().toFile());
        options.addArguments("--headless=new", "--window-size=" + WIDTH + "," + HEIGHT,
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps", "--metrics-recording-only",
                "--password-store=basic", "--lang=en-US");
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium refuses to start its sandbox as root, as CI and the development machines run.
            options.addArguments("--no-sandbox");
        }
        // Never offer to save the test password: the bubble would not show headless, but its prompt logic runs.
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
                "profile.password_manager_enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(installed.chromedriver().toFile())
                .usingAnyFreePort()
                .withLogFile(logFile.toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options, ClientConfig.defaultConfig().readTimeout(COMMAND_TIMEOUT));
        driver.manage().timeouts().pageLoadTimeout(NAVIGATION_TIMEOUT).scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, base, screenshots);
    }

    /** Selenium's driver, for what the helpers here do not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Goes to a path on the test server, as typing it in the address bar would. */
    public Chromium open(String path) {
        driver.get(base.apply(path).toString());
        return this;
    }

    /** The current address's path and query, {@code /login?return_to=%2Faccount} for example. */
    public String path() {
        URI uri = URI.create(driver.getCurrentUrl());
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The page's text as a person sees it (hidden elements left out). */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** How many elements on the page match this CSS selector. */
    public int count(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector)).size();
    }

    /** The text of the page's {@code h1}. */
    public String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    /** The text of the element with {@code role="alert"}, when the page shows one. */
    public Optional<String> alert() {
        return driver.findElements(By.cssSelector("[role=alert]")).stream().map(WebElement::getText).findFirst();
    }

    /**
     * Types into the field a {@code <label>} with this text names, replacing what was there. Finding
     * fields by their label is how a person finds them, and fails when the label is missing.
     */
    public Chromium fill(String label, String value) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** The field a {@code <label>} with this text names. */
    public WebElement field(String label) {
        List<WebElement> labels = driver.findElements(By.xpath("//label[normalize-space()=" + xpathString(label) + "]"));
        if (labels.size() != 1) {
            throw new AssertionError("expected one label \"" + label + "\" on " + path() + ", found " + labels.size());
        }
        String id = labels.get(0).getAttribute("for");
        return id == null || id.isEmpty() ? labels.get(0).findElement(By.cssSelector("input,select,textarea"))
                : driver.findElement(By.id(id));
    }

    /**
     * Clicks the one button with this text, and waits for the page it leads to (a new document).
     * The text is the button's whole name, as a screen reader reads it ({@code "Sign out (alice)"}),
     * or, when no button has that name, the words it shows before any visually hidden part
     * ({@code "End session"} of {@code "End session<span class=vh> of Firefox on Linux…</span>"}).
     */
    public Chromium press(String buttonText) {
        List<WebElement> buttons = driver.findElements(By.xpath(
                "//button[normalize-space()=" + xpathString(buttonText) + "]"));
        if (buttons.isEmpty()) {
            buttons = driver.findElements(By.xpath("//button[normalize-space(text())=" + xpathString(buttonText) + "]"));
        }
        if (buttons.size() != 1) {
            throw new AssertionError("expected one button \"" + buttonText + "\" on " + path() + ", found " + buttons.size());
        }
        WebElement page = driver.findElement(By.tagName("html"));
        buttons.get(0).click();
        awaitNewPage(page, "pressing \"" + buttonText + "\"");
        return this;
    }

    /** Follows the one link with this text, and waits for the page it leads to. */
    public Chromium follow(String linkText) {
        List<WebElement> links = driver.findElements(By.xpath("//a[normalize-space()=" + xpathString(linkText) + "]"));
        if (links.size() != 1) {
            throw new AssertionError("expected one link \"" + linkText + "\" on " + path() + ", found " + links.size());
        }
        WebElement page = driver.findElement(By.tagName("html"));
        links.get(0).click();
        awaitNewPage(page, "following \"" + linkText + "\"");
        return this;
    }

    /**
     * Waits until {@code page} has been replaced by the next one. ChromeDriver waits for a
     * navigation a click starts, but only once it sees it start: a form's POST can begin after the
     * click has been answered (it did, with JavaScript off), and the test would read the old page.
     */
    private void awaitNewPage(WebElement page, String what) {
        long deadline = System.nanoTime() + NAVIGATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                page.getTagName();
            } catch (WebDriverException gone) {
                // Stale, no such element, or mid-swap "node does not belong to the document": each
                // says the old page is going; the next command waits for the new one to load.
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(what + " on " + path() + " did not lead to another page within "
                + NAVIGATION_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Takes the whole page in the light and the dark colour scheme, to
     * {@code target/screenshots/<name>-light.png} and {@code <name>-dark.png}; returns both paths.
     */
    public List<Path> screenshots(String name) {
        List<Path> taken = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            colorScheme(scheme);
            taken.add(screenshot(name + "-" + scheme));
        }
        colorScheme("");
        return taken;
    }

    /** Takes the whole page as it is to {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        Map<String, Object> shot = cdp("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.createDirectories(screenshots);
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Emulates {@code prefers-color-scheme}: {@code "light"}, {@code "dark"}, or {@code ""} for the default. */
    public Chromium colorScheme(String scheme) {
        cdp("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
        return this;
    }

    /**
     * Lays the current page out on a phone {@code width} CSS pixels wide, and measures it. The
     * width stays until {@link #forget()}.
     */
    public PageWidth layOutAt(int width) {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 740, "deviceScaleFactor", 1,
                "mobile", true));
        @SuppressWarnings("unchecked")
        Map<String, Object> measured = (Map<String, Object>) driver.executeScript("""
                const e = document.documentElement;
                return {content: e.scrollWidth, viewport: e.clientWidth};
                """);
        return new PageWidth(((Number) measured.get("content")).intValue(), ((Number) measured.get("viewport")).intValue());
    }

    /**
     * How wide a page's content is against the screen it is shown on, in CSS pixels.
     *
     * @param content the document's scroll width
     * @param viewport the document's client width: the screen less any vertical scroll bar
     */
    public record PageWidth(int content, int viewport) {

        /** True when nothing makes the page scroll sideways. */
        public boolean fits() {
            return content <= viewport;
        }

        @Override
        public String toString() {
            return content + " px of content on a " + viewport + " px screen";
        }
    }

    /**
     * Turns the page's own JavaScript off (or on again) for the pages opened from now on, as a
     * person who blocks scripts would have it. The driver's own calls still work.
     */
    public Chromium javascript(boolean enabled) {
        cdp("Emulation.setScriptExecutionDisabled", Map.of("value", !enabled));
        return this;
    }

    /** Every cookie the browser holds, for {@link #restoreCookies}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cookies() {
        return (List<Map<String, Object>>) cdp("Network.getAllCookies", Map.of()).get("cookies");
    }

    /** Puts back cookies saved by {@link #cookies()}, as the host-only cookies they were. */
    void restoreCookies(List<Map<String, Object>> cookies) {
        List<Map<String, Object>> params = new ArrayList<>();
        for (Map<String, Object> c : cookies) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", c.get("name"));
            p.put("value", c.get("value"));
            // A url instead of a domain keeps the cookie host-only, which a __Host- cookie must be.
            p.put("url", base.apply((String) c.get("path")).toString());
            p.put("path", c.get("path"));
            p.put("secure", c.get("secure"));
            p.put("httpOnly", c.get("httpOnly"));
            if (c.get("sameSite") != null) {
                p.put("sameSite", c.get("sameSite"));
            }
            if (!Boolean.TRUE.equals(c.get("session"))) {
                p.put("expires", c.get("expires"));
            }
            params.add(p);
        }
        cdp("Network.setCookies", Map.of("cookies", params));
    }

    /**
     * Leaves the browser as a new one would be: one blank tab, no cookies or cache, no emulated
     * colour scheme, width or disabled JavaScript.
     */
    public void forget() {
        String first = driver.getWindowHandles().iterator().next();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(first)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(first);
        driver.get("about:blank");
        cdp("Network.clearBrowserCookies", Map.of());
        cdp("Network.clearBrowserCache", Map.of());
        cdp("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        cdp("Emulation.setScriptExecutionDisabled", Map.of("value", false));
    }

    /** One Chrome DevTools Protocol command, through ChromeDriver. */
    public Map<String, Object> cdp(String command, Map<String, Object> params) {
        return driver.executeCdpCommand(command, params);
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String xpathString(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        if (!text.contains("\"")) {
            return "\"" + text + "\"";
        }
        return "concat('" + text.replace("'", "',\"'\",'") + "')";
    }
}
