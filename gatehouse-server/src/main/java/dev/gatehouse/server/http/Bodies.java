package dev.gatehouse.server.http;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request bodies: read in full before any route runs, within the read timeout, and handed to an
 * endpoint only once their media type is the one it takes.
 *
 * <p>The web server has no read timeout, and drains a body a route left unread after the answer,
 * for as long as the client cares to trickle it; reading every body here, before routing, bounds
 * them all. A blocking socket read ends only when the connection closes, so the body is read on a
 * virtual thread of its own while the request's thread waits: when the time is up, the request's
 * thread answers 408 {@code request_timeout} and then closes the connection, which ends the read.
 *
 * <p>A body whose framing is broken (a chunk size that is not a hexadecimal number, a missing line
 * end) is a 400 {@code bad_request}, the code of any request the web server cannot parse, and the
 * connection is closed: where the next request would start is unknown. The web server's parser
 * throws plain runtime exceptions for these, which would otherwise pass for a failure of the
 * endpoint (a 500 with a stack trace). Like the other refusals of the transport (413, an
 * unparseable header), these are problem+json on every path, the OAuth endpoints included: the
 * request never became an OAuth request.
 */
final class Bodies implements Filter {

    private static final byte[] NONE = new byte[0];

    private final Duration readTimeout;

    Bodies(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** A body read in full, kept in the request's context for the endpoint. */
    private record Received(byte[] bytes) {
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.content().hasEntity()) {
            req.context().register(new Received(receive(req, res)));
        }
        chain.proceed();
    }

    private byte[] receive(RoutingRequest req, RoutingResponse res) {
        FutureTask<byte[]> reading = new FutureTask<>(() -> req.content().inputStream().readAllBytes());
        Thread.ofVirtual().name("request-body").start(reading);
        try {
            return reading.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            res.header(HeaderValues.CONNECTION_CLOSE);
            ErrorMapping.sendProblem(res, Problem.ofTransportError(Status.REQUEST_TIMEOUT_408));
            reading.cancel(true); // interrupting the blocked read closes the connection
            throw new CloseConnectionException("request body not received within " + readTimeout);
        } catch (InterruptedException e) {
            reading.cancel(true);
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("interrupted while reading a request body", e);
        } catch (ExecutionException e) {
            throw switch (e.getCause()) {
                case RequestException refused -> refused; // 413 for a chunked body over the limit
                case CloseConnectionException gone -> gone; // the connection failed: nobody to answer
                case IOException gone -> new CloseConnectionException("the connection failed during a request body", gone);
                case UncheckedIOException gone -> new CloseConnectionException("the connection failed during a request body", gone);
                case RuntimeException malformed -> RequestException.builder() // the web server's parser gave up
                        .type(EventType.BAD_REQUEST)
                        .status(Status.BAD_REQUEST_400)
                        .setKeepAlive(false)
                        .request(DirectTransportRequest.create(req.prologue(), req.headers()))
                        .message("malformed request body: " + malformed.getClass().getName())
                        .build();
                default -> new IllegalStateException("reading a request body failed", e.getCause());
            };
        }
    }

    /**
     * The body's bytes (empty when there is none).
     *
     * @throws InvalidInputException {@code unsupported_media_type} when the request's content type
     *                               (parameters aside) is not {@code mediaType}
     */
    static byte[] read(ServerRequest req, String mediaType) {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(mediaType)) {
            throw new InvalidInputException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be " + mediaType);
        }
        return req.context().get(Received.class).map(Received::bytes).orElse(NONE); // read by the filter, if any
    }
}
