package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TextsTest {

    /** A literal key passed to the bundle: {@code t.get("login.title"...)} or a frame's title key. */
    private static final Pattern KEY_USE = Pattern.compile("(?:\\bt(?:\\(\\))?\\.get\\(|frame\\([^,]+, [^,]+, )\"([a-z0-9_.-]+)\"(?! \\+)");

    @Test
    void every_text_the_templates_and_pages_ask_for_exists_in_english() throws IOException {
        Texts english = Texts.english();
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (Path root : List.of(Path.of("src/main/jte"), Path.of("src/main/java/dev/gatehouse/server/pages"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = KEY_USE.matcher(Files.readString(file));
                    while (m.find()) {
                        found++;
                        if (!english.has(m.group(1))) {
                            missing.add(file.getFileName() + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(found).as("keys found in templates and pages").isGreaterThan(40);
        assertThat(missing).isEmpty();
        for (Notice n : Notice.values()) {
            assertThat(english.has(n.key())).as(n.key()).isTrue();
        }
    }

    @Test
    void placeholders_are_replaced_as_they_are() {
        Texts t = Texts.english();
        assertThat(t.get("login.error.throttled", "15 minutes")).isEqualTo("Too many sign-in attempts. Try again in 15 minutes.");
        assertThat(t.get("device.on", "{1}", "Linux")).isEqualTo("{1} on Linux");
    }

    @Test
    void waits_and_times_read_as_people_say_them() {
        Texts t = Texts.english();
        assertThat(Waits.describe(Duration.ofMillis(300), t)).isEqualTo("a second");
        assertThat(Waits.describe(Duration.ofSeconds(40), t)).isEqualTo("40 seconds");
        assertThat(Waits.describe(Duration.ofSeconds(61), t)).isEqualTo("2 minutes");
        assertThat(Waits.describe(Duration.ofMinutes(15), t)).isEqualTo("15 minutes");
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(Ago.of(now.minusSeconds(20), now, t).relative()).isEqualTo("just now");
        assertThat(Ago.of(now.minusSeconds(60), now, t).relative()).isEqualTo("a minute ago");
        assertThat(Ago.of(now.minusSeconds(3 * 3600 + 5), now, t).relative()).isEqualTo("3 hours ago");
        assertThat(Ago.of(now.minus(Duration.ofDays(45)), now, t).relative()).isEqualTo("on 2026-10-17");
        assertThat(Ago.of(now.minusSeconds(90), now, t).exact()).isEqualTo("2026-12-01 11:58 UTC");
    }
}
