package dev.gatehouse.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.core.error.ErrorCode;
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
record Problem(String type, String title, int status, String detail, String code, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static final String INTERNAL_ERROR_DETAIL = "the server failed to handle the request";

    /**
     * The problem for a code of the catalogue. The status is given apart because the web server
     * answers {@link ErrorCode#BAD_REQUEST} with whichever 4xx it chose (414, 431...); every other
     * caller passes the code's own.
     */
    public static Problem of(Status status, ErrorCode code, String detail) {
        return new Problem("urn:gatehouse:problem:" + code.code(), status.reasonPhrase(), status.code(), detail,
                code.code(), null);
    }

    /** This problem with the request id of a server error, to find its log line. */
    Problem withRequestId(String id) {
        return new Problem(type, title, status, detail, code, id);
    }

    /**
     * The problem for a request the web server itself refused (unparseable, too large, too slow). Its own
     * message is not echoed: it may quote the offending input.
     */
    static Problem ofTransportError(Status status) {
        ErrorCode code = switch (status.code()) {
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 403 -> ErrorCode.FORBIDDEN;
            case 505 -> ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
            default -> status.code() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
        String detail = switch (code) {
            case PAYLOAD_TOO_LARGE -> "the request body is larger than this server accepts";
            case REQUEST_TIMEOUT -> "the request did not arrive within the server's read timeout";
            case INTERNAL_ERROR -> INTERNAL_ERROR_DETAIL;
            default -> "the request could not be parsed";
        };
        return of(status, code, detail);
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }
}
