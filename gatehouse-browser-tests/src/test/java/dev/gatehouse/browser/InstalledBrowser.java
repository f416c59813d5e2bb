package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the programs the browser tests drive are installed: Debian's Chromium and its
 * ChromeDriver, and axe-core from the npm registry in this module's {@code node_modules}. Each is
 * installed by {@code ./run-tests} when missing; none is ever downloaded by the tests themselves.
 * A missing one skips the tests outside CI, with the reason, and fails them under {@code CI=true}.
 *
 * @param chromium the browser binary, given to ChromeDriver explicitly
 * @param chromedriver the driver binary, given to Selenium explicitly so that Selenium Manager
 *     never looks for (or downloads) one
 * @param axe axe-core's {@code axe.min.js}
 */
record InstalledBrowser(Path chromium, Path chromedriver, Path axe) {

    /** Relative to this module's folder, where Surefire runs the tests. */
    static final Path AXE = Path.of("node_modules", "axe-core", "axe.min.js");

    /** Finds all three, or skips (outside CI) or fails (under CI) the calling tests. */
    static InstalledBrowser find() {
        Path chromium = program("chromium", "Debian: apt-get install chromium; ./run-tests installs it when run as root");
        Path chromedriver = program("chromedriver",
                "Debian: apt-get install chromium-driver; ./run-tests installs it when run as root");
        Path axe = AXE.toAbsolutePath();
        if (!Files.isRegularFile(axe)) {
            missing("axe-core is not installed at " + axe
                    + "; ./run-tests installs the pinned version (npm ci --prefix gatehouse-browser-tests)");
        }
        return new InstalledBrowser(chromium, chromedriver, axe);
    }

    static Path program(String name, String howToInstall) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, name));
        Optional<Path> found = Stream.concat(Stream.of(Path.of("/usr/bin", name)), onPath)
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            missing(name + " is not installed (looked in /usr/bin and on PATH); " + howToInstall);
        }
        return found.get();
    }

    static void missing(String why) {
        if ("true".equals(System.getenv("CI"))) {
            fail("The browser tests cannot run, and CI=true needs them to: " + why);
        }
        Assumptions.abort("Browser tests skipped: " + why);
    }
}
