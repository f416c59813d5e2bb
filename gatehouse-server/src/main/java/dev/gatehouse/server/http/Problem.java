package dev.gatehouse.server.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.core.error.ErrorCode;
import io.helidon.http.Status;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem document, with Gatehouse's stable {@code code} as an extension member.
 *
 * @param type      {@code urn:gatehouse:problem:<code>}
 * @param title     the HTTP reason phrase
 * @param status    the HTTP status
 * @param detail    what went wrong, for a human; never a secret
 * @param code      stable identifier to switch on
 * @param requestId set on server errors, to find the log line
 * @param members   extension members of this kind of problem (RFC 9457 §3.2), written after the
 *                  standard ones: for example the challenge of {@code mfa_required}; empty for most
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String code, String requestId,
               @JsonIgnore Map<String, Object> members) {

    Problem {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "code", "request_id");

    static final String INTERNAL_ERROR_DETAIL = "the server failed to handle the request";

    /**
     * The problem for a code of the catalogue. The status is given apart because the web server
     * answers {@link ErrorCode#BAD_REQUEST} with whichever 4xx it chose (414, 431...); every other
     * caller passes the code's own.
     */
    public static Problem of(Status status, ErrorCode code, String detail) {
        return new Problem("urn:gatehouse:problem:" + code.code(), status.reasonPhrase(), status.code(), detail,
                code.code(), null, Map.of());
    }

    /** This problem with the request id of a server error, to find its log line. */
    Problem withRequestId(String id) {
        return new Problem(type, title, status, detail, code, id, members);
    }

    /** This problem with extension members; a member may not replace a standard one. */
    Problem withMembers(Map<String, ?> more) {
        Map<String, Object> all = new LinkedHashMap<>(members);
        for (Map.Entry<String, ?> member : more.entrySet()) {
            if (STANDARD_MEMBERS.contains(member.getKey())) {
                throw new IllegalArgumentException("a problem's extension cannot replace '" + member.getKey() + "'");
            }
            all.put(member.getKey(), member.getValue());
        }
        return new Problem(type, title, status, detail, code, requestId, all);
    }

    /** The extension members, after the standard ones (Jackson writes them where the getter is). */
    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return members;
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
