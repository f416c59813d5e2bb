package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our tokens must verify with an independent JOSE implementation, not only with Nimbus: the
 * {@code jose} package for Node.js checks them against our JWKS with issuer, audience and
 * {@code typ} required. A tampered token is sent along, to show the check is not vacuous.
 *
 * <p>Needs {@code node} and {@code npm} and the npm registry; {@code jose} is installed into
 * {@code target/jose-check}. Without them the test is skipped with the reason, except under
 * {@code CI=true}, where it fails.
 */
class JoseInteropTest {

    private static final Path DIR = Path.of("target", "jose-check").toAbsolutePath();
    private static final String AUDIENCE = "https://api.example.com";

    private static final String SCRIPT = """
            import { readFileSync } from 'node:fs';
            import { createLocalJWKSet, jwtVerify } from 'jose';

            const { cases } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
            for (const c of cases) {
              try {
                const keys = createLocalJWKSet(JSON.parse(c.jwks));
                const { payload, protectedHeader } = await jwtVerify(c.token, keys, {
                  issuer: c.issuer, audience: c.audience, typ: 'at+jwt', algorithms: [c.alg],
                });
                console.log(JSON.stringify({ name: c.name, ok: true, alg: protectedHeader.alg,
                  sub: payload.sub, sid: payload.sid, client_id: payload.client_id }));
              } catch (e) {
                console.log(JSON.stringify({ name: c.name, ok: false, error: String(e.code || e.message) }));
              }
            }
            """;

    @Test
    void the_node_jose_library_accepts_our_tokens_for_every_algorithm() throws Exception {
        installJose();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            SigningKeys keys = new SigningKeys(new InMemorySigningKeyStore(), new Sealer(Secrets.randomBytes(32)),
                    algorithm, Duration.ofMinutes(10), Duration.ofMinutes(15), Clock.systemUTC());
            keys.ensureKey();
            AccessTokens tokens = new AccessTokens(keys, AccessTokensTest.ISSUER, Duration.ofMinutes(5),
                    Duration.ofSeconds(60), Clock.systemUTC());
            String token = tokens.issue("acc-alice", "sid-" + algorithm, "mobile-app", AUDIENCE, "read",
                    Authentications.of(AuthMethod.PASSWORD, Instant.now())).token();
            cases.add(testCase(algorithm.name(), algorithm, keys.jwks(), token));
            String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
            cases.add(testCase("tampered-" + algorithm, algorithm, keys.jwks(), tampered));
        }
        Path input = DIR.resolve("cases.json");
        Files.writeString(input, JSONObjectUtils.toJSONString(Map.of("cases", cases)));
        Files.writeString(DIR.resolve("check.mjs"), SCRIPT);

        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        for (String line : run(List.of("node", "check.mjs", input.toString()), 60).lines().toList()) {
            if (line.startsWith("{")) {
                Map<String, Object> result = JSONObjectUtils.parse(line);
                results.put((String) result.get("name"), result);
            }
        }

        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            assertThat(results.get(algorithm.name())).as(algorithm.name())
                    .containsEntry("ok", true).containsEntry("alg", algorithm.name())
                    .containsEntry("sub", "acc-alice").containsEntry("sid", "sid-" + algorithm)
                    .containsEntry("client_id", "mobile-app");
            assertThat(results.get("tampered-" + algorithm)).as("tampered " + algorithm).containsEntry("ok", false);
        }
        System.out.println("jose (node) verdicts: " + results.values());
    }

    private static Map<String, Object> testCase(String name, KeyAlgorithm algorithm, String jwks, String token) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("alg", algorithm.name());
        c.put("jwks", jwks);
        c.put("token", token);
        c.put("issuer", AccessTokensTest.ISSUER);
        c.put("audience", AUDIENCE);
        return c;
    }

    /** Installs jose once per target folder; node_modules never leaves target/. */
    private static void installJose() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        unavailableUnless(available("node"), "node is not installed");
        if (Files.isRegularFile(DIR.resolve("node_modules/jose/package.json"))) {
            return;
        }
        unavailableUnless(available("npm"), "npm is not installed");
        Files.writeString(DIR.resolve("package.json"), "{\"private\": true, \"type\": \"module\"}\n");
        try {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "jose@5"), 300);
        } catch (IllegalStateException e) {
            unavailableUnless(false, "npm could not install jose: " + e.getMessage());
        }
    }

    private static boolean available(String program) {
        try {
            run(List.of(program, "--version"), 30);
            return true;
        } catch (IllegalStateException | IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void unavailableUnless(boolean condition, String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            if (!condition) {
                fail("interoperability check cannot run under CI=true: " + reason);
            }
        } else {
            assumeTrue(condition, "interoperability check skipped: " + reason);
        }
    }

    /** Runs a program in {@link #DIR}; its output, or IllegalStateException with the output's tail. */
    private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " timed out after " + timeoutSeconds + " s");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.getFirst() + " exited with " + process.exitValue() + ": "
                    + output.substring(Math.max(0, output.length() - 2000)));
        }
        return output;
    }
}
