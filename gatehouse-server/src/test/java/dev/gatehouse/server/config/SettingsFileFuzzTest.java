package dev.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The settings file on any content: Gatehouse starts with settings or stops with an
 * {@link InvalidSettingException} naming what is wrong; any other exception (a start-up that dies
 * with a stack trace instead of a message) is a finding. Seeds:
 * {@code src/test/resources/dev/gatehouse/server/config/SettingsFileFuzzTestInputs/}.
 */
class SettingsFileFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void any_settings_file_gives_settings_or_an_invalid_setting_exception(byte[] content) {
        try {
            assertThat(Settings.from(SettingsLoader.yaml(content, "gatehouse.yaml"))).isNotNull();
        } catch (InvalidSettingException refused) {
            // the one documented refusal
        }
    }
}
