package dev.gatehouse.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads settings from their three sources, later ones winning: {@code gatehouse.yaml}, then
 * {@code GATEHOUSE_*} environment variables, then command-line flags.
 *
 * <p>An unknown key in the file or the flags is an error (a typo must not silently fall back to
 * a default); unknown environment variables are ignored, since the environment is shared with
 * other programs.
 */
public final class SettingsLoader {

    /** The file read when no other is named and it exists in the working directory. */
    public static final Path DEFAULT_FILE = Path.of("gatehouse.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SettingsLoader() {
    }

    /**
     * @param file  the YAML file to read; when null, {@link #DEFAULT_FILE} if it exists
     * @param env   the environment
     * @param flags key/value pairs given on the command line
     */
    public static Settings load(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        Path yaml = file != null ? file : Files.exists(DEFAULT_FILE) ? DEFAULT_FILE : null;
        if (yaml != null) {
            readYaml(yaml, raw);
        }
        for (Setting s : Setting.values()) {
            String value = env.get(s.environmentVariable());
            if (value != null) {
                raw.put(s, value);
            }
        }
        flags.forEach((key, value) -> raw.put(known(key, "flag --set " + key), value));
        return Settings.from(raw);
    }

    private static void readYaml(Path path, Map<Setting, String> raw) {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InvalidSettingException("cannot read settings file " + path + ": " + firstLine(e.getMessage()));
        }
        raw.putAll(yaml(content, path.toString()));
    }

    /** The settings a YAML document holds, by setting, as text; {@code name} is where it came from, for messages. */
    static Map<Setting, String> yaml(byte[] content, String name) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            throw new InvalidSettingException("cannot read settings file " + name + ": " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return raw;
        }
        if (!root.isObject()) {
            throw new InvalidSettingException("settings file " + name + " must hold a map of settings");
        }
        flatten("", root, raw, name);
        return raw;
    }

    private static void flatten(String prefix, JsonNode node, Map<Setting, String> raw, String path) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, raw, path);
            } else if (value.isValueNode() && !value.isNull()) {
                raw.put(known(key, "in " + path), value.asText());
            } else if (value.isArray()) {
                StringBuilder joined = new StringBuilder();
                value.forEach(v -> joined.append(joined.isEmpty() ? "" : ",").append(v.asText()));
                raw.put(known(key, "in " + path), joined.toString());
            }
        }
    }

    private static Setting known(String key, String where) {
        Setting s = Setting.byKey(key);
        if (s == null) {
            throw new InvalidSettingException("unknown setting '" + key + "' " + where
                    + "; see docs/configuration.md for the known ones");
        }
        return s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
