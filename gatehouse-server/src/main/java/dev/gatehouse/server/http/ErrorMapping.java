package dev.gatehouse.server.http;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.StoreUnavailableException;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;

/**
 * The one place where failures become HTTP answers. Gatehouse exceptions become problem+json
 * with their code; a store that failed or did not answer becomes a 503 {@code store_unavailable}
 * (one whose disk is full, {@code storage_full}) with {@code Retry-After} and the request id; anything else becomes a bare 500 whose body holds only the request id
 * (the one in {@code X-Request-Id} and in the access log), with the details in the log under that id.
 *
 * <p>A store failure is logged as one line per request, without a stack: during an outage every
 * request fails the same way, and a stack per request would bury the one line that says which
 * store and which operation.
 */
public final class ErrorMapping {

    private static final Logger LOG = System.getLogger(ErrorMapping.class.getName());

    /**
     * When a client should try again after a store failure: about the time the Redis client waits
     * between reconnection attempts at most (see {@code RedisConnection}), so a retry after it
     * finds a store that came back.
     */
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);

    private ErrorMapping() {
    }

    /** Routes every failure to its answer: an error page for a browser that asked for HTML, else problem+json. */
    static void register(HttpRouting.Builder routing, ErrorPages pages) {
        routing.error(GatehouseException.class, (req, res, e) -> send(req, res, e, pages));
        routing.error(StoreUnavailableException.class, (req, res, e) -> storeUnavailable(req, res, e, pages));
        routing.error(RequestException.class, (req, res, e) -> sendProblem(res, Problem.ofTransportError(e.status())));
        routing.error(Throwable.class, (req, res, e) -> unexpected(req, res, e, pages));
    }

    private static void send(ServerRequest req, ServerResponse res, GatehouseException e, ErrorPages pages) {
        Status status = status(e);
        if (e instanceof BusyException busy) {
            retryAfter(res, busy);
        }
        send(req, res, Problem.of(status, e.errorCode(), e.getMessage()), pages);
    }

    /** Sends a problem: as a page if the request wants one and {@code pages} renders it, else as problem+json. */
    static void send(ServerRequest req, ServerResponse res, Problem problem, ErrorPages pages) {
        if (res.isSent() || pages.send(req, res, problem.status(), problem.code(), problem.detail())) {
            return;
        }
        sendProblem(res, problem);
    }

    /**
     * Answers a refusal whose problem document carries extension members (the challenge of
     * {@code mfa_required}, the tries left after {@code invalid_code}): the endpoints that need
     * members call this instead of throwing, and the document is built here like every other.
     */
    public static void send(ServerResponse res, GatehouseException e, Map<String, ?> members) {
        if (e instanceof BusyException busy) {
            retryAfter(res, busy);
        }
        sendProblem(res, Problem.of(status(e), e.errorCode(), e.getMessage()).withMembers(members));
    }

    /** Sets {@code Retry-After} for a busy answer: its wait in whole seconds, rounded up, at least 1. */
    public static void retryAfter(ServerResponse res, BusyException busy) {
        long seconds = Math.max(1, (busy.retryAfter().toMillis() + 999) / 1000);
        res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
    }

    /** The status a Gatehouse exception maps to: the one its code declares in the catalogue. */
    public static Status status(GatehouseException e) {
        return Status.create(e.errorCode().status());
    }

    static void sendProblem(ServerResponse res, Problem problem) {
        if (res.isSent()) {
            return;
        }
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(problem.toJson());
    }

    private static void storeUnavailable(ServerRequest req, ServerResponse res, StoreUnavailableException e,
                                         ErrorPages pages) {
        // The store's message names the operation only; the cause by its type, since a driver's message may quote values.
        Throwable cause = e.getCause();
        String requestId = RequestIds.of(res);
        LOG.log(Level.WARNING, "request " + requestId + " " + req.prologue().method().text() + " "
                + req.path().path() + " answered 503 " + e.errorCode().code() + ": " + e.getMessage()
                + (cause == null ? "" : " (" + cause.getClass().getName() + ")"));
        res.header(HeaderNames.RETRY_AFTER, Long.toString(STORE_RETRY_AFTER.toSeconds()));
        String detail = e.errorCode() == ErrorCode.STORAGE_FULL
                ? "The store's disk is full, so nothing could be written; try again once space is freed"
                : "A store did not answer; try again shortly";
        send(req, res, Problem.of(Status.SERVICE_UNAVAILABLE_503, e.errorCode(), detail).withRequestId(requestId), pages);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e, ErrorPages pages) {
        String requestId = RequestIds.of(res); // the id of the access-log line and the X-Request-Id header
        // The exception is logged by type and stack only: messages of library exceptions may quote input.
        LOG.log(Level.ERROR, "request " + requestId + " " + req.prologue().method().text() + " "
                + req.path().path() + " failed: " + e.getClass().getName(), stackOnly(e));
        Problem p = Problem.of(Status.INTERNAL_SERVER_ERROR_500, ErrorCode.INTERNAL_ERROR, Problem.INTERNAL_ERROR_DETAIL);
        send(req, res, p.withRequestId(requestId), pages);
    }

    private static Throwable stackOnly(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
