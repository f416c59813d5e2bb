package dev.gatehouse.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.password.Argon2Cost;
import dev.gatehouse.core.password.Argon2idHasher;
import dev.gatehouse.core.account.Username;
import dev.gatehouse.store.sql.SqliteStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management commands act on the configured store with the server stopped. */
class CommandLineTest {

    @TempDir
    Path data;
    Map<String, String> env;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void environment() {
        env = Map.of("GATEHOUSE_STORE_DATA_DIR", data.toString(),
                "GATEHOUSE_PASSWORD_ARGON2_MEMORY_KIB", "64", "GATEHOUSE_PASSWORD_ARGON2_ITERATIONS", "1");
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void account_create_reads_the_password_from_stdin_and_list_shows_the_account() {
        Run created = run("a long passphrase\n", "account", "create", "alice", "--admin", "--password-stdin");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created account alice (admin)").doesNotContain("a long passphrase");

        Run list = run("", "account", "list");
        assertThat(list.out()).containsPattern("alice\\s+admin\\s+no");
    }

    @Test
    void a_weak_password_or_a_taken_name_fails_with_a_clear_message_and_exit_1() {
        Run weak = run("password123\n", "account", "create", "alice", "--password-stdin");
        assertThat(weak.exit()).isEqualTo(1);
        assertThat(weak.err()).contains("most commonly used", "(weak_password)").doesNotContain("password123");

        run("a long passphrase\n", "account", "create", "alice", "--password-stdin");
        Run taken = run("a long passphrase\n", "account", "create", "ALICE", "--password-stdin");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("account_exists");
    }

    @Test
    void the_password_must_come_from_stdin_never_from_an_argument() {
        Run noFlag = run("", "account", "create", "alice");
        assertThat(noFlag.exit()).isEqualTo(2);
        assertThat(noFlag.err()).contains("--password-stdin");
    }

    @Test
    void lock_and_unlock_change_the_account_and_lock_ends_its_sessions() {
        run("a long passphrase\n", "account", "create", "alice", "--password-stdin");

        assertThat(run("", "account", "lock", "alice").out()).contains("locked alice");
        assertThat(run("", "account", "list").out()).containsPattern("alice\\s+yes");
        assertThat(run("", "account", "unlock", "Alice").out()).contains("unlocked Alice");
        assertThat(run("", "account", "list").out()).containsPattern("alice\\s+no");
        assertThat(run("", "account", "lock", "nobody").exit()).isEqualTo(1);
    }

    @Test
    void sessions_revoke_ends_every_session_of_an_account() {
        run("a long passphrase\n", "account", "create", "alice", "--password-stdin");
        Run revoked = run("", "sessions", "revoke", "--account", "alice");
        assertThat(revoked.exit()).isZero();
        assertThat(revoked.out()).contains("ended 0 session(s) of alice");
    }

    @Test
    void passwd_sets_a_new_password_from_stdin() {
        run("a long passphrase\n", "account", "create", "alice", "--password-stdin");
        Run reset = run("another long passphrase\n", "account", "passwd", "alice", "--password-stdin");
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("password of alice set").doesNotContain("another long passphrase");
        assertThat(passwordIs("another long passphrase")).isTrue();
        assertThat(passwordIs("a long passphrase")).isFalse();

        assertThat(run("short\n", "account", "passwd", "alice", "--password-stdin").exit()).isEqualTo(1);
        assertThat(passwordIs("another long passphrase")).isTrue();
    }

    /** Whether alice's stored hash matches {@code password} (read from the store the commands use). */
    private boolean passwordIs(String password) {
        try (Stores stores = SqliteStores.open(data)) {
            String hash = stores.accounts().findByUsernameKey(Username.key("alice")).orElseThrow().passwordHash();
            return new Argon2idHasher(new Argon2Cost(64, 1, 1)).verify(password, hash);
        }
    }

    @Test
    void keys_rotate_publishes_a_new_key_that_signs_later() {
        Run rotated = run("", "keys", "rotate");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).containsPattern("new RS256 key \\S+ published; it signs from ");
        assertThat(run("", "keys", "list").out().lines().count()).isEqualTo(3); // header + 2 keys
    }

    @Test
    void client_create_registers_public_and_confidential_clients() {
        assertThat(run("", "client", "create", "mobile-app").out()).contains("created public client mobile-app");
        assertThat(run("a-secret-that-is-long-enough-for-sure-0123\n", "client", "create", "orders", "--secret-stdin",
                "--audience", "api").out()).contains("created confidential client orders");
        Run weak = run("short\n", "client", "create", "billing", "--secret-stdin");
        assertThat(weak.exit()).isEqualTo(1);
        assertThat(weak.err()).contains("weak_secret");
        assertThat(run("", "client", "create", "x", "--audience", "nope").err()).contains("invalid_audience");
        assertThat(run("", "client", "list").out()).containsPattern("mobile-app\\s+public").containsPattern("orders\\s+confidential\\s+api");
    }

    @Test
    void client_create_registers_a_web_application_prints_its_new_secret_once_and_client_show_prints_it() {
        Run created = run("", "client", "create", "shop", "--type", "confidential", "--name", "The Shop",
                "--redirect-uri", "https://shop.example/cb", "--redirect-uri", "http://127.0.0.1:9000/cb",
                "--post-logout-redirect-uri", "https://shop.example/bye", "--grant-type", "authorization_code",
                "--grant-type", "refresh_token", "--scope", "orders", "--scope", "reports invoices", "--first-party",
                "--access-token-lifetime", "2m", "--grant-lifetime", "30d",
                "--backchannel-logout-uri", "https://shop.example/logout");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created confidential client shop").containsPattern("secret .*: [A-Za-z0-9_-]{43}");
        String show = run("", "client", "show", "shop").out();
        assertThat(show).containsPattern("name:\\s+The Shop").containsPattern("auth method:\\s+client_secret_basic")
                .containsPattern("redirect uris:\\s+https://shop.example/cb http://127.0.0.1:9000/cb")
                .containsPattern("post-logout uris:\\s+https://shop.example/bye")
                .containsPattern("grant types:\\s+authorization_code refresh_token")
                .containsPattern("scopes:\\s+invoices orders reports").containsPattern("first party:\\s+true")
                .containsPattern("access token:\\s+120 s").containsPattern("grant lifetime:\\s+2592000 s")
                .containsPattern("back-channel:\\s+https://shop.example/logout")
                .doesNotContain(created.out().substring(created.out().lastIndexOf(' ') + 1).strip());
        assertThat(run("", "client", "show", "nobody").err()).contains("client_not_found");
    }

    @Test
    void client_create_takes_public_apps_keys_and_a_chosen_secret_and_refuses_a_broken_registration() throws Exception {
        Run app = run("", "client", "create", "app", "--type", "public", "--redirect-uri", "com.example.app:/cb");
        assertThat(app.out()).contains("created public client app").doesNotContain("secret");

        Path jwks = data.resolve("jwks.json");
        java.nio.file.Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID("k1").generate().toPublicJWK()).toString());
        Run keyed = run("", "client", "create", "svc", "--jwks-file", jwks.toString(), "--grant-type", "client_credentials");
        assertThat(keyed.exit()).as(keyed.err()).isZero();
        assertThat(keyed.out()).contains("created confidential client svc").doesNotContain("secret");
        assertThat(run("", "client", "show", "svc").out()).containsPattern("auth method:\\s+private_key_jwt");

        Run chosen = run("a-secret-that-is-long-enough-for-sure-0123\n", "client", "create", "orders", "--secret-stdin",
                "--auth-method", "client_secret_post");
        assertThat(chosen.out()).contains("created confidential client orders").doesNotContain("secret (");

        Run plain = run("", "client", "create", "x", "--redirect-uri", "http://shop.example/cb");
        assertThat(plain.exit()).isEqualTo(1);
        assertThat(plain.err()).contains("invalid_redirect_uri");
        assertThat(run("", "client", "create", "x", "--type", "public", "--auth-method", "client_secret_basic").err())
                .contains("invalid_client_registration");
        assertThat(run("", "client", "create", "x", "--grant-type", "password").err()).contains("invalid_client_registration");
        assertThat(run("", "client", "create", "x", "--access-token-lifetime", "soon").err())
                .contains("invalid_client_registration");
        assertThat(run("", "client", "list").out()).doesNotContain("x ");
    }

    @Test
    void flags_choose_the_store_like_everywhere_else() {
        Path other = data.resolve("other");
        run("a long passphrase\n", "account", "create", "bob", "--password-stdin", "--data-dir", other.toString());
        assertThat(run("", "account", "list").out()).doesNotContain("bob");
        assertThat(run("", "account", "list", "--data-dir", other.toString()).out()).contains("bob");
    }

    @Test
    void an_invalid_setting_stops_the_command_with_exit_2_and_names_it() {
        Run bad = run("", "account", "list", "--set", "session.idle-timeout=forever");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("session.idle-timeout");
    }
}
