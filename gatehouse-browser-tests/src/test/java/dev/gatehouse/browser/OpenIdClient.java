package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The npm {@code openid-client} library, run by Node through {@code src/test/node/openid-client-flows.mjs}:
 * one step of a flow a run, its inputs in {@code GH_*} environment variables, its result one JSON
 * object a line on standard output. The client's settings (issuer, id, secret) are given once; a
 * step adds its own.
 */
final class OpenIdClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 90;

    private final InstalledNode installed;
    private final Map<String, String> settings;

    /** @param secret null for a public client ({@code none} at the token endpoint) */
    OpenIdClient(InstalledNode installed, String issuer, String clientId, String secret) {
        this(installed, secret == null ? Map.of("GH_ISSUER", issuer, "GH_CLIENT_ID", clientId)
                : Map.of("GH_ISSUER", issuer, "GH_CLIENT_ID", clientId, "GH_CLIENT_SECRET", secret));
    }

    private OpenIdClient(InstalledNode installed, Map<String, String> settings) {
        this.installed = installed;
        this.settings = Map.copyOf(settings);
    }

    /** A client that authenticates with {@code private_key_jwt}, signing with this private JWK (EC). */
    static OpenIdClient withPrivateKey(InstalledNode installed, String issuer, String clientId, String privateJwk) {
        return new OpenIdClient(installed, Map.of("GH_ISSUER", issuer, "GH_CLIENT_ID", clientId,
                "GH_PRIVATE_JWK", privateJwk));
    }

    /** Runs a step to its end; fails the test, with what the library said, when the step failed. */
    JsonNode run(String step, Map<String, String> inputs) {
        JsonNode result = runAllowingFailure(step, inputs);
        if (result.has("error")) {
            fail("openid-client's step '" + step + "' failed: " + result.toPrettyString());
        }
        return result;
    }

    /** Runs a step to its end and returns its last line, an {@code error} object when it failed. */
    JsonNode runAllowingFailure(String step, Map<String, String> inputs) {
        try (Running running = start(step, inputs)) {
            return running.last();
        }
    }

    /** Starts a step that prints more than one line ({@code device}), to read them as they come. */
    Running start(String step, Map<String, String> inputs) {
        ProcessBuilder pb = new ProcessBuilder(installed.node().toString(), installed.script().toString(), step);
        pb.environment().putAll(settings);
        pb.environment().putAll(inputs);
        try {
            Path stderr = Files.createTempFile("openid-client-" + step + "-", ".log");
            pb.redirectError(stderr.toFile());
            Process process = pb.start();
            // A step that hangs (a poll that is never answered) is ended, and its reader sees the end.
            CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(process::destroyForcibly);
            return new Running(step, process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step under way. */
    static final class Running implements AutoCloseable {
        private final String step;
        private final Process process;
        private final Path stderr;
        private final BufferedReader out;

        private Running(String step, Process process, Path stderr) {
            this.step = step;
            this.process = process;
            this.stderr = stderr;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The next line the step prints. */
        JsonNode next() {
            try {
                String line = out.readLine();
                if (line == null) {
                    process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    fail("openid-client's step '" + step + "' printed nothing more; it wrote to stderr:\n"
                            + Files.readString(stderr));
                }
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The step's last line, once it has ended. */
        JsonNode last() {
            JsonNode last = next();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    last = JSON.readTree(line);
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    fail("openid-client's step '" + step + "' did not end within " + TIMEOUT_SECONDS + " s");
                }
                return last;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
