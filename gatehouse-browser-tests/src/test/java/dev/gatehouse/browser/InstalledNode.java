package dev.gatehouse.browser;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Node and the npm {@code openid-client} library, for the interop tests that run an OpenID client
 * Gatehouse did not write. Node comes from Debian ({@code apt-get install nodejs npm}), the library
 * at the version {@code package-lock.json} pins from {@code npm ci}; {@code ./run-tests} installs
 * both. Missing, they skip the tests outside CI, with the reason, and fail them under {@code CI=true},
 * as {@link InstalledBrowser} does.
 *
 * @param node the {@code node} binary
 * @param script the flows script, {@code src/test/node/openid-client-flows.mjs}
 */
record InstalledNode(Path node, Path script) {

    static final Path OPENID_CLIENT = Path.of("node_modules", "openid-client", "package.json");
    static final Path SCRIPT = Path.of("src", "test", "node", "openid-client-flows.mjs");

    static InstalledNode find() {
        Path node = InstalledBrowser.program("node",
                "Debian: apt-get install nodejs npm; ./run-tests installs it when run as root");
        if (!Files.isRegularFile(OPENID_CLIENT.toAbsolutePath())) {
            InstalledBrowser.missing("openid-client is not installed at " + OPENID_CLIENT.toAbsolutePath()
                    + "; ./run-tests installs the pinned version (npm ci --prefix gatehouse-browser-tests)");
        }
        return new InstalledNode(node, SCRIPT.toAbsolutePath());
    }
}
