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

    private volatile Instant now;

    public MovableClock(Instant start) {
        this.now = start;
    }

    /** Moves time forward, or back with a negative duration. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    /** Sets the time. */
    public void set(Instant to) {
        now = to;
    }

    @Override
    public Instant instant() {
        return now;
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
