package dev.gatehouse.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

    private static final String SECTION = "<!-- bench/run.sh: begin (generated) -->\nnew numbers\n<!-- bench/run.sh: end -->\n";

    @Test
    void the_section_is_replaced_and_everything_around_it_is_kept() {
        String document = "# Benchmarks\n\n## verifier\nmine\n\n<!-- bench/run.sh: begin (generated; edit bench/run.sh) -->\n"
                + "old numbers\n<!-- bench/run.sh: end -->\n\n## Beside the harness\nalso mine\n";

        assertThat(ReportFile.withSection(document, SECTION)).isEqualTo("# Benchmarks\n\n## verifier\nmine\n\n" + SECTION
                + "\n## Beside the harness\nalso mine\n");
    }

    @Test
    void a_document_without_the_section_gets_it_appended_after_one_blank_line() {
        assertThat(ReportFile.withSection("# Benchmarks\n\nprose\n\n\n", SECTION))
                .isEqualTo("# Benchmarks\n\nprose\n\n" + SECTION);
    }

    @Test
    void a_missing_file_is_created_with_a_title(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("benchmarks.md");

        ReportFile.write(file, SECTION);

        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n" + SECTION);
    }
}
