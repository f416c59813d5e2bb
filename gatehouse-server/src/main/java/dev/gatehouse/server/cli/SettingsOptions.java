package dev.gatehouse.server.cli;

import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.config.SettingsLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The flags that choose settings, shared by every command (they all act on the configured store). */
final class SettingsOptions {

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "Settings file (default: ./gatehouse.yaml if present).")
    Path config;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", description = "Folder of the embedded store (store.data-dir).")
    Path dataDir;

    @Option(names = "--host", scope = ScopeType.INHERIT, description = "Address to listen on (server.host).")
    String host;

    @Option(names = "--port", scope = ScopeType.INHERIT, description = "Port to listen on (server.port).")
    Integer port;

    @Option(names = "--set", scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE", description = "Any setting, for example --set session.idle-timeout=45m.")
    Map<String, String> set = new LinkedHashMap<>();

    Settings load(Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>(set);
        if (dataDir != null) {
            flags.put(Setting.STORE_DATA_DIR.key(), dataDir.toString());
        }
        if (host != null) {
            flags.put(Setting.SERVER_HOST.key(), host);
        }
        if (port != null) {
            flags.put(Setting.SERVER_PORT.key(), port.toString());
        }
        return SettingsLoader.load(config, env, flags);
    }
}
