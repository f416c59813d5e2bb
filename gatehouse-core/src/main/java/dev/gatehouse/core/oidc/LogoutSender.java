package dev.gatehouse.core.oidc;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Posts the queued back-channel logout notices (OpenID Connect Back-Channel Logout 1.0 §2.5):
 * {@code logout_token=...} as a form, answered 200 or 204 by a client that logged the session out.
 *
 * <p>Each due delivery is claimed first ({@link LogoutDeliveryStore#claim}, a lease of
 * {@value #LEASE_SECONDS} s), so of several nodes only one posts it; a node that dies mid-post
 * leaves the lease to run out, and the delivery is due again. The queue is in the store, so
 * deliveries survive restarts. A failed post (another status, a timeout, a refused connection) is
 * retried after a doubling backoff (5 s, 10 s, 20 s... at most 10 minutes); after
 * {@value #MAX_ATTEMPTS} attempts or a day Gatehouse gives up and records
 * {@link AuditType#BACKCHANNEL_LOGOUT_FAILED}. Redirects are not followed: the registered URI is
 * the only place a logout token goes. A fresh token is signed for every attempt.
 */
public final class LogoutSender implements AutoCloseable {

    static final int LEASE_SECONDS = 30;
    static final int MAX_ATTEMPTS = 10;
    static final int BATCH = 20;
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(LogoutSender.class.getName());

    private final LogoutDeliveryStore store;
    private final LogoutTokens tokens;
    private final AuditLog audit;
    /** Made at the first post: a command-line run that never posts starts no HTTP client threads. */
    private HttpClient http;
    private final Duration firstBackoff;
    private final Clock clock;

    public LogoutSender(LogoutDeliveryStore store, LogoutTokens tokens, AuditLog audit, Clock clock) {
        this(store, tokens, audit, FIRST_BACKOFF, clock);
    }

    /** With a shorter first backoff, for tests. */
    LogoutSender(LogoutDeliveryStore store, LogoutTokens tokens, AuditLog audit, Duration firstBackoff, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
        this.firstBackoff = firstBackoff;
        this.clock = clock;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** Stops the HTTP client, if one was made; posts under way are abandoned (their leases run out). */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.shutdownNow();
        }
    }

    /** Posts every delivery due now (up to a batch), each on its own virtual thread; returns how many were acknowledged. */
    public int sendDue() {
        List<LogoutDelivery> due = store.due(now(), BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        List<Future<Boolean>> posts = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LogoutDelivery delivery : due) {
                posts.add(each.submit(() -> {
                    try {
                        return send(delivery);
                    } catch (RuntimeException e) {
                        // a store that failed mid-way: the claim's lease runs out and the delivery is due again
                        LOG.log(System.Logger.Level.WARNING, "back-channel logout to client " + delivery.clientId()
                                + " failed: " + e.getClass().getName());
                        return false;
                    }
                }));
            }
        }
        return (int) posts.stream().filter(f -> f.state() == Future.State.SUCCESS && f.resultNow()).count();
    }

    private boolean send(LogoutDelivery d) {
        Instant now = now();
        if (!store.claim(d.id(), d.nextAttemptAt(), now.plusSeconds(LEASE_SECONDS))) {
            return false;
        }
        int attempt = d.attempts() + 1;
        String error = post(d);
        if (error == null) {
            store.delivered(d.id(), attempt, now());
            return true;
        }
        Instant after = now();
        if (attempt >= MAX_ATTEMPTS || !after.isBefore(d.createdAt().plus(GIVE_UP_AFTER))) {
            store.failed(d.id(), attempt, null, error);
            audit.append(AuditEvent.of(after, AuditType.BACKCHANNEL_LOGOUT_FAILED, d.accountId(), null, d.sessionId(),
                    null, d.clientId() + " " + error + " after " + attempt + " attempts"));
        } else {
            store.failed(d.id(), attempt, after.plus(backoff(attempt)), error);
        }
        return false;
    }

    /** The wait after the {@code attempt}-th failure: doubling from the first backoff, at most {@link #MAX_BACKOFF}. */
    Duration backoff(int attempt) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** Null when the client acknowledged; else what went wrong, without the token. */
    private String post(LogoutDelivery d) {
        String body = "logout_token=" + URLEncoder.encode(tokens.sign(d.clientId(), d.accountId(), d.sessionId()),
                StandardCharsets.US_ASCII);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.uri())).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 204 ? null : "HTTP " + status;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "back-channel logout post to client " + d.clientId() + " failed: "
                    + e.getClass().getName());
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
