package dev.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.mfa.MfaPolicy;
import dev.gatehouse.core.password.Argon2Cost;
import dev.gatehouse.core.session.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void the_defaults_are_the_documented_ones() {
        Settings s = Settings.defaults();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.publicOrigin()).isEqualTo("http://127.0.0.1:8080");
        assertThat(s.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(s.sessionPolicy().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.sessionPolicy().absoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(s.sessionPolicy().maxPerAccount()).isEqualTo(50).isEqualTo(SessionPolicy.DEFAULT_MAX_PER_ACCOUNT);
        assertThat(s.argon2()).isEqualTo(Argon2Cost.OWASP_MINIMUM);
        assertThat(s.hashingThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.revocationStreams()).isEqualTo(new Settings.StreamLimits(1000, 100));
        assertThat(s.connections().readTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.connections().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.mfaPolicy()).isEqualTo(MfaPolicy.NONE);
    }

    @Test
    void second_factors_are_required_of_no_one_admins_or_all_and_nothing_else() {
        assertThat(SettingsLoader.load(null, Map.of("GATEHOUSE_MFA_REQUIRED", "admin"), Map.of()).mfaPolicy())
                .isEqualTo(MfaPolicy.ADMIN);
        assertThat(SettingsLoader.load(null, Map.of(), Map.of("mfa.required", "ALL")).mfaPolicy()).isEqualTo(MfaPolicy.ALL);
        assertThat(SettingsLoader.load(null, Map.of(), Map.of("mfa.required", " none ")).mfaPolicy())
                .isEqualTo(MfaPolicy.NONE);
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("mfa.required", "admins")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("mfa.required").hasMessageContaining("GATEHOUSE_MFA_REQUIRED")
                .hasMessageContaining("one of none, admin, all");
    }

    @Test
    void flags_beat_the_environment_which_beats_the_file() throws Exception {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, """
                server:
                  port: 9001
                  host: 127.0.0.2
                session.idle-timeout: 10m
                """);
        Map<String, String> env = Map.of("GATEHOUSE_SERVER_PORT", "9002", "GATEHOUSE_SESSION_IDLE_TIMEOUT", "20m");
        Map<String, String> flags = Map.of("server.port", "9003");

        Settings s = SettingsLoader.load(file, env, flags);

        assertThat(s.port()).isEqualTo(9003);
        assertThat(s.sessionPolicy().idleTimeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.host()).isEqualTo("127.0.0.2");
    }

    @Test
    void a_host_that_makes_no_origin_is_an_invalid_host_not_a_crash() {
        // found by the settings fuzz targets: the public origin, and the passkeys' site with it, derive from the host
        for (String host : new String[] {"PP PP tt", "0.0.0.server:0"}) {
            assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("server.host", host)))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("server.host");
        }
        assertThat(SettingsLoader.load(null, Map.of(), Map.of("server.host", "::1")).publicOrigin())
                .isEqualTo("http://[::1]:8080");
    }

    @Test
    void an_invalid_value_names_the_setting_its_variable_and_what_is_allowed() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("GATEHOUSE_SERVER_PORT", "eighty"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("server.port").hasMessageContaining("GATEHOUSE_SERVER_PORT")
                .hasMessageContaining("'eighty'").hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("session.idle-timeout", "soon")))
                .hasMessageContaining("session.idle-timeout").hasMessageContaining("30s, 15m");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("log.level", "loud")))
                .hasMessageContaining("log.level").hasMessageContaining("error, warn, info, debug");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("server.public-origin", "https://a.example/path")))
                .hasMessageContaining("server.public-origin").hasMessageContaining("no path");
    }

    @Test
    void a_data_folder_that_is_no_path_is_an_invalid_setting() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("GATEHOUSE_STORE_DATA_DIR", "./da\0ta"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("store.data-dir").hasMessageContaining("GATEHOUSE_STORE_DATA_DIR");
    }

    @Test
    void the_sessions_an_account_may_hold_are_from_1_to_1000() {
        assertThat(SettingsLoader.load(null, Map.of("GATEHOUSE_SESSION_MAX_PER_ACCOUNT", "3"), Map.of())
                .sessionPolicy().maxPerAccount()).isEqualTo(3);
        for (String refused : new String[] {"0", "1001", "many"}) {
            assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("session.max-per-account", refused)))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("session.max-per-account").hasMessageContaining("1 to 1000");
        }
    }

    @Test
    void a_refused_store_url_is_not_repeated_in_the_message_since_it_may_carry_a_password() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("store.backend", "postgres",
                "store.postgres.url", "postgres://db?password=hunter2hunter2")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("store.postgres.url").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("store.sessions", "redis",
                "store.redis.uris", "tcp://:hunter2hunter2@cache")))
                .hasMessageContaining("store.redis.uris").hasMessageNotContaining("hunter2");
    }

    @Test
    void the_postgres_read_timeout_is_whole_seconds_since_the_driver_counts_in_seconds() {
        assertThat(SettingsLoader.load(null, Map.of(), Map.of()).store().postgresReadTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SettingsLoader.load(null, Map.of(), Map.of("store.postgres.read-timeout", "30s")).store()
                .postgresReadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("store.postgres.read-timeout", "1500ms")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("store.postgres.read-timeout").hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("store.postgres.read-timeout", "0s")))
                .hasMessageContaining("store.postgres.read-timeout");
    }

    @Test
    void redis_uris_keep_their_order_and_several_need_cluster_mode() {
        String uris = "redis://10.0.0.3:6379,redis://10.0.0.1:6379,redis://10.0.0.2:6379";
        assertThat(SettingsLoader.load(null, Map.of(), Map.of("store.sessions", "redis", "store.redis.uris", uris,
                "store.redis.cluster", "on")).store().redisUris())
                .containsExactly("redis://10.0.0.3:6379", "redis://10.0.0.1:6379", "redis://10.0.0.2:6379");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("store.sessions", "redis",
                "store.redis.uris", uris)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("store.redis.uris").hasMessageContaining("store.redis.cluster=on");
    }

    @Test
    void the_account_audience_is_reserved_and_cannot_be_configured_for_resource_servers() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("tokens.audiences", "api,gatehouse")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("tokens.audiences").hasMessageContaining("reserved");
    }

    @Test
    void settings_that_contradict_each_other_are_refused_by_name() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(),
                Map.of("session.idle-timeout", "2h", "session.absolute-timeout", "1h")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("absolute timeout must not be shorter than the idle timeout");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(),
                Map.of("password.argon2.memory-kib", "8", "password.argon2.parallelism", "4")))
                .hasMessageContaining("password.argon2.memory-kib");
    }

    @Test
    void an_unknown_key_in_the_file_or_the_flags_is_an_error_but_not_in_the_environment() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "sesion:\n  idle-timeout: 5m\n");
        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'sesion.idle-timeout'");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("server.prot", "1")))
                .hasMessageContaining("unknown setting 'server.prot'");
        assertThat(SettingsLoader.load(null, Map.of("GATEHOUSE_HOME", "/opt/gatehouse"), Map.of()).port()).isEqualTo(8080);
    }

    @Test
    void a_broken_file_is_reported_with_its_path() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "server: [unclosed\n");
        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining(file.toString());
    }

    @Test
    void durations_take_short_and_iso_forms() {
        Settings s = SettingsLoader.load(null, Map.of(), Map.of("session.touch-interval", "500ms",
                "session.idle-timeout", "PT45M", "session.absolute-timeout", "1d"));
        assertThat(s.sessionPolicy().touchInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.sessionPolicy().idleTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.sessionPolicy().absoluteTimeout()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void the_connection_cap_leaves_descriptors_for_stores_files_and_the_jvm() {
        assertThat(ConnectionLimits.connectionsFor(256)).isEqualTo(96); // 160 kept
        assertThat(ConnectionLimits.connectionsFor(1024)).isEqualTo(768); // a quarter kept
        assertThat(ConnectionLimits.connectionsFor(1_048_576)).isEqualTo(786_432);
        assertThat(ConnectionLimits.connectionsFor(100)).isEqualTo(16);
        assertThat(ConnectionLimits.connectionsFor(-1)).isEqualTo(10_000); // the platform does not say
        assertThat(Settings.defaults().connections().maxConnections())
                .isEqualTo(ConnectionLimits.connectionsFor(ConnectionLimits.descriptorLimit()));
        assertThat(SettingsLoader.load(null, Map.of(), Map.of("server.max-connections", "500")).connections()
                .maxConnections()).isEqualTo(500);
    }

    @Test
    void every_setting_has_an_environment_variable_named_after_its_key() {
        assertThat(Setting.SESSION_IDLE_TIMEOUT.environmentVariable()).isEqualTo("GATEHOUSE_SESSION_IDLE_TIMEOUT");
        assertThat(Setting.PASSWORD_MEMORY_KIB.environmentVariable()).isEqualTo("GATEHOUSE_PASSWORD_ARGON2_MEMORY_KIB");
    }

    @Test
    void the_configuration_doc_lists_every_setting_exactly_as_the_code_declares_it() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        assertThat(doc).contains(SettingsDoc.table());
    }
}
