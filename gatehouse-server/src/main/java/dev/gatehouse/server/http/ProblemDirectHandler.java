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
        String code = switch (status.code()) {
            case 413 -> "payload_too_large";
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 505 -> "http_version_not_supported";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
        String detail = switch (code) {
            case "payload_too_large" -> "the request body is larger than this server accepts";
            case "internal_error" -> "the server failed to handle the request";
            default -> "the request could not be parsed";
        };
        Problem problem = Problem.of(status.code(), status.reasonPhrase(), code, detail);
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(problem.toJson())
                .build();
    }
}
