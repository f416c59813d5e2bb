package dev.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path data;

    @Test
    void the_embedded_default_creates_an_owner_only_key_file_and_reuses_it() throws Exception {
        MasterKey first = MasterKey.load(Map.of(), data);
        Path file = data.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(MasterKey.load(Map.of(), data).derive("x")).isEqualTo(first.derive("x"));
        assertThat(first.derive("x")).isNotEqualTo(first.derive("y"));
    }

    @Test
    void the_environment_variable_wins_over_the_file() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKey fromEnv = MasterKey.load(Map.of("GATEHOUSE_MASTER_KEY", key), data);
        assertThat(Files.exists(data.resolve("master.key"))).isFalse();
        assertThat(fromEnv.derive("x")).isNotEqualTo(MasterKey.load(Map.of(), data).derive("x"));
        assertThat(fromEnv.toString()).doesNotContain(key);
    }

    @Test
    void a_malformed_key_is_refused_without_echoing_it() {
        assertThatThrownBy(() -> MasterKey.load(Map.of("GATEHOUSE_MASTER_KEY", "c2hvcnQ="), data))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("32 random bytes").hasMessageNotContaining("c2hvcnQ=");
    }
}
