package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness's own section of docs/benchmarks.md, between its begin and end markers: replaced
 * whole on every run, while the rest of the file (other people's sections) is kept as it is.
 */
final class ReportFile {

    private static final Pattern SECTION = Pattern.compile(
            "<!-- bench/run.sh: begin.*?<!-- bench/run.sh: end -->\\n?", Pattern.DOTALL);

    private ReportFile() {
    }

    /** The document with its section replaced, or the section appended if it has none yet. */
    static String withSection(String document, String section) {
        Matcher m = SECTION.matcher(document);
        if (m.find()) {
            return document.substring(0, m.start()) + section + document.substring(m.end());
        }
        return document.replaceFirst("\\n+$", "") + "\n\n" + section;
    }

    /** Writes {@code section} into {@code file}, creating it with a title if it does not exist. */
    static void write(Path file, String section) throws IOException {
        String document = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        Files.writeString(file, withSection(document, section), StandardCharsets.UTF_8);
    }
}
