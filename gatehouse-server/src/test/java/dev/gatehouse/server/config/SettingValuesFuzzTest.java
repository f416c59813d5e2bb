package dev.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumMap;
import java.util.Map;

/**
 * Any values for any settings, as environment variables or flags give them (text, unparsed):
 * Gatehouse starts with settings or stops with an {@link InvalidSettingException}; any other
 * exception is a finding. Seeds:
 * {@code src/test/resources/dev/gatehouse/server/config/SettingValuesFuzzTestInputs/}.
 */
class SettingValuesFuzzTest {

    private static final Setting[] SETTINGS = Setting.values();

    @FuzzTest(maxDuration = "6s")
    void any_setting_values_give_settings_or_an_invalid_setting_exception(FuzzedDataProvider data) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        int count = data.consumeInt(1, 8);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            raw.put(SETTINGS[data.consumeInt(0, SETTINGS.length - 1)], data.consumeString(300));
        }
        try {
            assertThat(Settings.from(raw)).isNotNull();
        } catch (InvalidSettingException refused) {
            // the one documented refusal
        }
    }
}
