package dev.gatehouse.server.http;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The one place where failures become HTTP answers. Gatehouse exceptions become problem+json
 * with their code; anything else becomes a bare 500 whose body holds only the request id (the one
 * in {@code X-Request-Id} and in the access log), with the details in the log under that id.
 */
public final class ErrorMapping {

    private static final Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(GatehouseException.class, (req, res, e) -> send(res, e));
        routing.error(RequestException.class, (req, res, e) -> sendProblem(res, Problem.ofTransportError(e.status())));
        routing.error(Throwable.class, ErrorMapping::unexpected);
    }

    /** Sends a Gatehouse exception as problem+json. */
    public static void send(ServerResponse res, GatehouseException e) {
        Status status = status(e);
        if (e instanceof BusyException busy) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
        }
        sendProblem(res, Problem.of(status, e.errorCode(), e.getMessage()));
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

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        String requestId = RequestIds.of(res); // the id of the access-log line and the X-Request-Id header
        // The exception is logged by type and stack only: messages of library exceptions may quote input.
        LOG.log(Level.ERROR, "request " + requestId + " " + req.prologue().method().text() + " "
                + req.path().path() + " failed: " + e.getClass().getName(), stackOnly(e));
        Problem p = Problem.of(Status.INTERNAL_SERVER_ERROR_500, ErrorCode.INTERNAL_ERROR, Problem.INTERNAL_ERROR_DETAIL);
        sendProblem(res, p.withRequestId(requestId));
    }

    private static Throwable stackOnly(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
