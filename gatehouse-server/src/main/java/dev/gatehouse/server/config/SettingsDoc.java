package dev.gatehouse.server.config;

/** Renders the table of settings in {@code docs/configuration.md}, so the doc cannot drift from the code. */
public final class SettingsDoc {

    private SettingsDoc() {
    }

    /** A Markdown table: key, environment variable, default, meaning. */
    public static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| setting | environment variable | default | meaning |\n");
        out.append("|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            out.append("| `").append(s.key()).append("` | `").append(s.environmentVariable()).append("` | ")
                    .append(s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`")
                    .append(" | ").append(s.description()).append(" |\n");
        }
        return out.toString();
    }
}
