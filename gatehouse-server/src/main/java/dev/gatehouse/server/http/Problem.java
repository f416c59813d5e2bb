package dev.gatehouse.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;

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

    public byte[] toJson() {
        return Json.bytes(this);
    }
}
