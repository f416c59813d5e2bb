package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.server.TestNginx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/nginx/forward-auth.conf} is the block that {@code docs/forward-auth.md}
 * documents, which {@code NginxForwardAuthTest} runs end to end; and nginx accepts the file as
 * it is, TLS lines included, with only the port and the certificate paths changed.
 */
class ForwardAuthExampleTest {

    static final Path ROOT = repositoryRoot();
    static final Path EXAMPLE = ROOT.resolve("examples/nginx/forward-auth.conf");
    static final Pattern NGINX_BLOCK = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void the_example_file_is_the_block_the_documentation_shows_and_the_nginx_test_runs() throws IOException {
        Matcher block = NGINX_BLOCK.matcher(Files.readString(ROOT.resolve("docs/forward-auth.md")));
        assertThat(block.find()).as("docs/forward-auth.md has an ```nginx block").isTrue();

        assertThat(withoutLeadingComment(Files.readString(EXAMPLE)))
                .as("examples/nginx/forward-auth.conf, below its comment, equals the nginx block of docs/forward-auth.md;"
                        + " change both together")
                .isEqualTo(block.group(1));
    }

    @Test
    void nginx_accepts_the_example_file_with_its_tls_lines() throws Exception {
        Path key = temp.resolve("privkey.pem");
        Path certificate = temp.resolve("fullchain.pem");
        selfSigned(key, certificate);
        String conf = Files.readString(EXAMPLE)
                .replace("/etc/ssl/app.example.com/fullchain.pem", certificate.toString())
                .replace("/etc/ssl/app.example.com/privkey.pem", key.toString());

        try (TestNginx nginx = TestNginx.start(temp.resolve("nginx"),
                port -> conf.replace("listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;"))) {
            assertThat(nginx.log()).doesNotContain("[emerg]", "[warn]");
        }
    }

    private static String withoutLeadingComment(String text) {
        List<String> lines = text.lines().toList();
        int first = 0;
        while (first < lines.size() && (lines.get(first).startsWith("#") || lines.get(first).isBlank())) {
            first++;
        }
        return lines.subList(first, lines.size()).stream().collect(Collectors.joining("\n", "", "\n"));
    }

    /** A throwaway P-256 certificate for app.example.com, made with openssl (present wherever nginx is). */
    private static void selfSigned(Path key, Path certificate) throws IOException, InterruptedException {
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=app.example.com",
                    "-keyout", key.toString(), "-out", certificate.toString()).redirectErrorStream(true).start();
        } catch (IOException missing) {
            if ("true".equals(System.getenv("CI"))) {
                fail("openssl is needed to check the example's TLS lines under CI=true: " + missing.getMessage());
            }
            Assumptions.assumeTrue(false, "openssl is not installed: " + missing.getMessage());
            return;
        }
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as("openssl made a certificate: %s", output).isTrue();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/forward-auth.md"))) {
                return dir;
            }
        }
        throw new AssertionError("docs/forward-auth.md not found above " + Path.of("").toAbsolutePath());
    }
}
