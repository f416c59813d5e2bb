package dev.gatehouse.server.pages;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A moment as people read it: "3 minutes ago", with the exact time (UTC) for a tooltip and the
 * machine-readable form for {@code <time datetime>}. Relative times need no time zone, so the
 * pages need no script to show them in the reader's own.
 *
 * @param relative for example "3 minutes ago"
 * @param exact    for example "2026-12-01 08:15 UTC"
 * @param iso      for example "2026-12-01T08:15:30Z"
 */
public record Ago(String relative, String exact, String iso) {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public static Ago of(Instant then, Instant now, Texts t) {
        Duration d = Duration.between(then, now);
        String relative;
        if (d.toSeconds() < 60) {
            relative = t.get("ago.now");
        } else if (d.toMinutes() < 60) {
            relative = count(t, "minutes", d.toMinutes());
        } else if (d.toHours() < 24) {
            relative = count(t, "hours", d.toHours());
        } else if (d.toDays() < 30) {
            relative = count(t, "days", d.toDays());
        } else {
            relative = t.get("ago.on", DAY.format(then));
        }
        return new Ago(relative, EXACT.format(then), then.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    private static String count(Texts t, String unit, long n) {
        return t.get("ago." + unit + (n == 1 ? ".one" : ".other"), n);
    }
}
