package dev.gatehouse.bench.harness;

import static dev.gatehouse.bench.harness.Settings.CLIENT_SECRET;
import static dev.gatehouse.bench.harness.Settings.PASSWORD;
import static dev.gatehouse.bench.harness.Settings.USERNAME;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.bench.harness.Report.StartUp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's part: {@code kc.sh start-dev} (fetched and unpacked by bench/run.sh) on a fresh H2
 * database, Argon2id at Gatehouse's cost, a realm {@code bench} with refresh rotation on, a
 * confidential client and the account, all made through its admin REST API; then S7, the S8 sizes,
 * S5, S4 and S3.
 */
final class KeycloakRun {

    private final Settings settings;
    private final Path work;
    private final Wrk wrk;
    private final Drivers drivers;
    private final Http http = new Http();
    private final Path home;
    private final String adminPassword;
    private String base;

    KeycloakRun(Settings settings, Path work, Wrk wrk, Drivers drivers) {
        this.settings = settings;
        this.work = work;
        this.wrk = wrk;
        this.drivers = drivers;
        this.home = settings.cache().resolve("keycloak-" + settings.keycloakVersion());
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        this.adminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    Report.Keycloak measure(Map<Scenario, Measurement> measurements, Duration loginDrain) throws IOException {
        int port = SystemProcess.freePort();
        int management = SystemProcess.freePort();
        base = "http://127.0.0.1:" + port;
        Sizes.delete(home.resolve("data")); // a fresh dev database (H2) on every run
        Log.info("S7 Keycloak: first start (fresh dev database; budget a minute or more on 2 cores)");
        long first;
        String hashParams;
        try (SystemProcess kc = start("first", port, management)) {
            first = kc.awaitReady(URI.create(base + "/realms/master"), Duration.ofSeconds(300), Duration.ofMillis(200));
            Log.info("  first start " + first + " ms");
            Log.info("Keycloak: realm 'bench' (Argon2id m=19456 t=2 p=1, refresh rotation on), client, account");
            hashParams = configure();
            Log.info("  stored hash: " + hashParams);
        }
        Log.info("S7 Keycloak: restart (measured)");
        try (SystemProcess kc = start("second", port, management)) {
            long restart = kc.awaitReady(URI.create(base + "/realms/master"), Duration.ofSeconds(300), Duration.ofMillis(200));
            SystemProcess.sleep(Duration.ofSeconds(2));
            long idleRss = SystemProcess.residentMebibytes(port);
            long size = Sizes.onDisk(home, p -> !p.getFileName().toString().equals("data"));
            Path zip = settings.cache().resolve("keycloak-quarkus-dist-" + settings.keycloakVersion() + ".zip");
            long zipSize = Files.size(zip);
            Log.info("  restart " + restart + " ms, idle RSS " + idleRss + " MB");

            String tokenUrl = base + "/realms/bench/protocol/openid-connect/token";
            String basic = Http.basic("bench", CLIENT_SECRET);
            String loginForm = "grant_type=password&" + Http.form("username", USERNAME, "password", PASSWORD);
            String login = http.expectOk("Keycloak password login", form(tokenUrl, loginForm, basic)).body();
            String access = Http.member("Keycloak password login", login, "access_token");
            String refresh = Http.member("Keycloak password login", login, "refresh_token");
            String refreshBody = http.expectOk("Keycloak refresh", form(tokenUrl,
                    Http.form("grant_type", "refresh_token", "refresh_token", refresh), basic)).body();
            // Does Keycloak refuse a used refresh token? Checked on a sign-in of its own: reuse may end the session.
            String probe = Http.member("Keycloak password login",
                    http.expectOk("Keycloak password login", form(tokenUrl, loginForm, basic)).body(), "refresh_token");
            String reuse = Http.form("grant_type", "refresh_token", "refresh_token", probe);
            http.send(form(tokenUrl, reuse, basic));
            boolean rotates = http.send(form(tokenUrl, reuse, basic)).statusCode() != 200;
            String introspection = http.expectOk("Keycloak introspection", form(tokenUrl + "/introspect",
                    Http.form("token", access), basic)).body();
            if (!Http.json("Keycloak introspection", introspection).path("active").asBoolean(false)) {
                throw new HarnessException("Keycloak introspects its access token as inactive: " + introspection);
            }
            Log.info("  refresh tokens rotate (reuse refused): " + (rotates ? "yes" : "no"));
            Path lineages = Lineages.signIn(http, "Keycloak", settings.connections(), () -> form(tokenUrl, loginForm, basic),
                    work.resolve("kc-refresh-tokens"));

            Log.info("S5 Keycloak: token introspection");
            measurements.put(Scenario.KC_S5, wrk.measure(Scenario.KC_S5, tokenUrl + "/introspect", Duration.ZERO,
                    new Wrk.Post("token=" + access, "application/x-www-form-urlencoded", basic)));
            Log.info("S4 Keycloak: refresh rotation, " + settings.connections() + " lineages (Java driver)");
            measurements.put(Scenario.KC_S4, drivers.refresh(Scenario.KC_S4, tokenUrl, lineages, basic));
            Log.info("S3 Keycloak: password grant logins, " + settings.connections() + " connections");
            measurements.put(Scenario.KC_S3, wrk.measure(Scenario.KC_S3, tokenUrl, loginDrain,
                    new Wrk.Post(loginForm, "application/x-www-form-urlencoded", basic)));
            long loadedRss = SystemProcess.residentMebibytes(port);
            return new Report.Keycloak(new StartUp(first, restart, idleRss, loadedRss, size), zipSize, hashParams, rotates,
                    Http.jwtAlgorithm(access), access.length(), refresh.length(), Http.length(login),
                    Http.length(refreshBody), Http.length(introspection));
        }
    }

    /** Creates the realm, client and account; returns the stored hash's parameters as Keycloak reports them. */
    private String configure() {
        ObjectNode realm = Http.JSON.createObjectNode().put("realm", "bench").put("enabled", true)
                .put("passwordPolicy", "hashAlgorithm(argon2) and hashIterations(2)")
                .put("accessTokenLifespan", 600).put("ssoSessionIdleTimeout", 1800).put("ssoSessionMaxLifespan", 43200)
                .put("revokeRefreshToken", true).put("refreshTokenMaxReuse", 0);
        admin("POST", "/realms", realm);
        admin("POST", "/realms/bench/clients", Http.JSON.createObjectNode().put("clientId", "bench")
                .put("protocol", "openid-connect").put("publicClient", false).put("clientAuthenticatorType", "client-secret")
                .put("secret", CLIENT_SECRET).put("directAccessGrantsEnabled", true).put("standardFlowEnabled", false));
        ObjectNode user = Http.JSON.createObjectNode().put("username", USERNAME).put("enabled", true)
                .put("email", "bench@example.com").put("emailVerified", true).put("firstName", "Bench").put("lastName", "Mark");
        user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        admin("POST", "/realms/bench/users", user);
        String id = Http.json("Keycloak users", admin("GET", "/realms/bench/users?username="
                + URLEncoder.encode(USERNAME, StandardCharsets.UTF_8) + "&exact=true", null)).path(0).path("id").asText();
        try {
            JsonNode credential = Http.json("Keycloak credentials", admin("GET", "/realms/bench/users/" + id + "/credentials", null));
            JsonNode data = Http.json("Keycloak credential data", credential.path(0).path("credentialData").asText());
            JsonNode p = data.path("additionalParameters");
            return "%s, %s, m=%s KiB, t=%s, p=%s".formatted(data.path("algorithm").asText("?"),
                    p.path("type").path(0).asText("?"), p.path("memory").path(0).asText("?"),
                    data.path("hashIterations").asText("?"), p.path("parallelism").path(0).asText("?"));
        } catch (HarnessException unreadable) {
            return "unknown";
        }
    }

    private String admin(String method, String path, JsonNode body) {
        String token = Http.member("Keycloak admin login", http.expectOk("Keycloak admin login",
                Http.postForm(base + "/realms/master/protocol/openid-connect/token", Http.form("grant_type", "password",
                        "client_id", "admin-cli", "username", "admin", "password", adminPassword))).body(), "access_token");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/admin" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        return http.expectOk("Keycloak admin " + method + " " + path, request).body();
    }

    private static HttpRequest.Builder form(String url, String form, String basic) {
        return Http.postForm(url, form).header("Authorization", basic);
    }

    private SystemProcess start(String which, int port, int management) {
        return SystemProcess.start("Keycloak", List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                "--http-management-port", Integer.toString(management),
                "--spi-password-hashing--argon2--memory=19456", "--spi-password-hashing--argon2--iterations=2",
                "--spi-password-hashing--argon2--parallelism=1"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword),
                work.resolve("keycloak-" + which + ".log"));
    }
}
