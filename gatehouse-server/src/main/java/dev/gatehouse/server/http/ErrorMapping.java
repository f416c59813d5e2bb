package dev.gatehouse.server.http;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.error.NotPermittedException;
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
        sendProblem(res, Problem.of(status.code(), status.reasonPhrase(), e.code(), e.getMessage()));
    }

    /** The status a Gatehouse exception maps to. */
    public static Status status(GatehouseException e) {
        return switch (e) {
            case InvalidInputException i -> switch (i.code()) {
                case "payload_too_large" -> Status.REQUEST_ENTITY_TOO_LARGE_413;
                case "unsupported_media_type" -> Status.UNSUPPORTED_MEDIA_TYPE_415;
                default -> Status.BAD_REQUEST_400;
            };
            case NotAuthenticatedException n -> Status.UNAUTHORIZED_401;
            case NotPermittedException n -> Status.FORBIDDEN_403;
            case NotFoundException n -> Status.NOT_FOUND_404;
            case ConflictException c -> Status.CONFLICT_409;
            case BusyException b -> b.code().equals("too_many_attempts") ? Status.TOO_MANY_REQUESTS_429
                    : Status.SERVICE_UNAVAILABLE_503;
        };
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
        Problem p = new Problem("urn:gatehouse:problem:internal_error", "Internal Server Error", 500,
                "the server failed to handle the request", "internal_error", requestId);
        sendProblem(res, p);
    }

    private static Throwable stackOnly(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
