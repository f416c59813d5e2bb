package dev.gatehouse.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests move by hand, to cross idle, absolute and expiry deadlines without waiting.
 * One instance may be shared by a server and the verifier that talks to it, so that both see the
 * same time. Thread-safe: a test thread moves it while server threads read it.
 *
 * <p>It lives in a module of its own that depends on nothing, so that every module's tests use
 * this one clock: core's tests cannot depend on the store testkit (the testkit depends on core),
 * and the verifier may depend on no other Gatehouse module outside test scope.
 */
public final class MovableClock extends Clock {

    /** Where the time stands; for a clock that follows the system clock, how far ahead of it. */
    private volatile Instant now;
    private volatile Duration ahead = Duration.ZERO;
    private final boolean followsSystemClock;

    public MovableClock(Instant start) {
        this(start, false);
    }

    private MovableClock(Instant start, boolean followsSystemClock) {
        this.now = start;
        this.followsSystemClock = followsSystemClock;
    }

    /**
     * A clock that runs with the system clock, still movable forward and back: for tests whose
     * other party Gatehouse did not write (an OpenID client library, a browser's cookie jar) and
     * checks Gatehouse's times against the real time, or waits in real time between requests.
     */
    public static MovableClock followingSystemClock() {
        return new MovableClock(null, true);
    }

    /** Moves time forward, or back with a negative duration. */
    public void advance(Duration by) {
        if (followsSystemClock) {
            ahead = ahead.plus(by);
        } else {
            now = now.plus(by);
        }
    }

    /** Sets the time. */
    public void set(Instant to) {
        if (followsSystemClock) {
            ahead = Duration.between(Instant.now(), to);
        } else {
            now = to;
        }
    }

    @Override
    public Instant instant() {
        return followsSystemClock ? Instant.now().plus(ahead) : now;
    }

    /** Always UTC: Gatehouse keeps instants, never local times. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock itself: a moved clock must stay the one the test moves. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
