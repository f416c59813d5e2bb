package dev.gatehouse.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.helidon.http.Status;

/**
 * An RFC 9457 problem document, with Gatehouse's stable {@code code} as an extension member.
 *
 * @param type      {@code urn:gatehouse:problem:<code>}
 * @param title     the HTTP reason phrase
 * @param status    the HTTP status
 * @param detail    what went wrong, for a human; never a secret
 * @param code      stable identifier to switch on
 * @param requestId set on server errors, to find the log line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem("urn:gatehouse:problem:" + code, title, status, detail, code, null);
    }

    /**
     * The problem for a request the web server itself refused (unparseable, too large, too slow). Its own
     * message is not echoed: it may quote the offending input.
     */
    static Problem ofTransportError(Status status) {
        String code = switch (status.code()) {
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 403 -> "forbidden";
            case 505 -> "http_version_not_supported";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
        String detail = switch (code) {
            case "payload_too_large" -> "the request body is larger than this server accepts";
            case "request_timeout" -> "the request did not arrive within the server's read timeout";
            case "internal_error" -> "the server failed to handle the request";
            default -> "the request could not be parsed";
        };
        return of(status.code(), status.reasonPhrase(), code, detail);
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }
}
