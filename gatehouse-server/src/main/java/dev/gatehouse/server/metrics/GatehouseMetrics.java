package dev.gatehouse.server.metrics;

import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.throttle.SignInThrottle;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.token.Tokens.RefreshOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The meters of one Gatehouse instance, on a registry of its own (never Micrometer's static
 * global one, so two instances in one JVM, as in tests, count separately).
 *
 * <p>Every counter with a fixed set of outcomes is registered up front, so it is exported as 0
 * before the first event and {@code rate()} works from the start. Nothing here is tagged with
 * user input: tags come from enums and from the route table.
 */
public final class GatehouseMetrics implements AutoCloseable {

    /** How a sign-in ended. */
    public enum SignInOutcome {
        SUCCESS, INVALID_CREDENTIALS, ACCOUNT_LOCKED, BUSY;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<SignInOutcome, Counter> signIns = new EnumMap<>(SignInOutcome.class);
    private final Map<RefreshOutcome, Counter> refreshes = new EnumMap<>(RefreshOutcome.class);
    private final Map<RevocationKind, Counter> revocations = new EnumMap<>(RevocationKind.class);
    private final Map<SignInThrottle.Limit, Counter> signInRefusals = new EnumMap<>(SignInThrottle.Limit.class);
    private final Counter reuseDetected;
    private final LastHour signInsLastHour;
    private final LastHour signInFailuresLastHour;
    private final LastHour signInRefusalsLastHour;
    private final LastHour reuseLastHour;
    private final RequestTimers requests;
    private final StoreTimers stores;

    /**
     * What happened on this node over the last hour, from the same events as the counters.
     *
     * @param signIns        successful password sign-ins
     * @param signInFailures sign-ins refused for a wrong password or a locked account
     * @param signInRefusals sign-in attempts refused by the throttle before any hashing
     * @param refreshReuse   refresh tokens presented again after they were replaced
     */
    public record LastHourCounts(long signIns, long signInFailures, long signInRefusals, long refreshReuse) {
    }

    public GatehouseMetrics() {
        this(Clock.systemUTC());
    }

    /** @param clock what the last-hour windows read; the counters do not need one */
    public GatehouseMetrics(Clock clock) {
        signInsLastHour = new LastHour(clock);
        signInFailuresLastHour = new LastHour(clock);
        signInRefusalsLastHour = new LastHour(clock);
        reuseLastHour = new LastHour(clock);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        for (SignInOutcome o : SignInOutcome.values()) {
            signIns.put(o, Counter.builder("gatehouse.sign.ins").description("Password sign-ins, by outcome")
                    .tag("outcome", o.tag()).register(registry));
        }
        for (SignInThrottle.Limit l : SignInThrottle.Limit.values()) {
            signInRefusals.put(l, Counter.builder("gatehouse.sign.in.refusals")
                    .description("Sign-in attempts refused with 429 before any hashing, by the limit that refused them")
                    .tag("limit", l.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (RefreshOutcome o : RefreshOutcome.values()) {
            refreshes.put(o, Counter.builder("gatehouse.refreshes").description("Refresh-token exchanges, by outcome")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (RevocationKind k : RevocationKind.values()) {
            revocations.put(k, Counter.builder("gatehouse.revocations.appended")
                    .description("Entries appended to the revocation log, by kind")
                    .tag("kind", k.wireName()).register(registry));
        }
        reuseDetected = Counter.builder("gatehouse.refresh.reuse.detected")
                .description("Refresh tokens presented after they were replaced: the session was revoked")
                .register(registry);
        requests = new RequestTimers(registry);
        stores = new StoreTimers(registry);
    }

    /** The registry, for meters registered elsewhere. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public RequestTimers requests() {
        return requests;
    }

    public StoreTimers stores() {
        return stores;
    }

    public void signIn(SignInOutcome outcome) {
        signIns.get(outcome).increment();
        switch (outcome) {
            case SUCCESS -> signInsLastHour.increment();
            case INVALID_CREDENTIALS, ACCOUNT_LOCKED -> signInFailuresLastHour.increment();
            case BUSY -> { } // not a judgement on the credentials
        }
    }

    public void signInRefused(SignInThrottle.Limit limit) {
        signInRefusals.get(limit).increment();
        signInRefusalsLastHour.increment();
    }

    /** This node's sign-ins, failures, throttle refusals and refresh reuse of the last hour. */
    public LastHourCounts lastHour() {
        return new LastHourCounts(signInsLastHour.total(), signInFailuresLastHour.total(),
                signInRefusalsLastHour.total(), reuseLastHour.total());
    }

    public void refresh(RefreshOutcome outcome) {
        refreshes.get(outcome).increment();
        if (outcome == RefreshOutcome.REUSE) {
            reuseDetected.increment();
            reuseLastHour.increment();
        }
    }

    public void revocationAppended(RevocationKind kind) {
        revocations.get(kind).increment();
    }

    /** Queue depth and rejections of the password-hashing pool, read when scraped. */
    public void watch(PasswordHashing hashing) {
        Gauge.builder("gatehouse.password.hashing.queue", hashing, PasswordHashing::queued)
                .description("Password hashes waiting for a hashing thread").register(registry);
        FunctionCounter.builder("gatehouse.password.hashing.rejections", hashing, PasswordHashing::rejections)
                .description("Password hashes refused because the pool and its queue, or the client's share of them, were full").register(registry);
    }

    /** The active-session count, read from its cache when scraped. */
    public void watch(ActiveSessions activeSessions) {
        Gauge.builder("gatehouse.sessions.active", activeSessions, ActiveSessions::cached)
                .description("Sessions neither revoked nor expired, counted periodically (NaN before the first count)")
                .register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
