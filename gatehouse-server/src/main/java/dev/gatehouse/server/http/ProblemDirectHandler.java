package dev.gatehouse.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the errors the web server detects before any route runs (unparseable request line or
 * headers, a body over the size limit) with problem+json instead of an empty body. The web
 * server's own message is not echoed: it may quote the offending input.
 */
final class ProblemDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        Problem problem = Problem.ofTransportError(status);
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(problem.toJson())
                .build();
    }
}
