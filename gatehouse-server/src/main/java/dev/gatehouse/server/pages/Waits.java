package dev.gatehouse.server.pages;

import java.time.Duration;

/** A wait as people say it: "40 seconds", "15 minutes", rounded up so nobody retries too early. */
public final class Waits {

    private Waits() {
    }

    public static String describe(Duration wait, Texts t) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return t.get(seconds == 1 ? "wait.seconds.one" : "wait.seconds.other", seconds);
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return t.get(minutes == 1 ? "wait.minutes.one" : "wait.minutes.other", minutes);
        }
        long hours = (minutes + 59) / 60;
        return t.get(hours == 1 ? "wait.hours.one" : "wait.hours.other", hours);
    }
}
