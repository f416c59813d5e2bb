package dev.gatehouse.server.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Errors as a browser should see them: a page, when the request asked for HTML. Implemented by
 * the pages; {@link ErrorMapping} asks it first and sends problem+json when it declines.
 */
public interface ErrorPages {

    /** Never renders anything: every error is problem+json. */
    ErrorPages NONE = (req, res, status, code, detail) -> false;

    /**
     * Sends an error page for this request if it wants HTML.
     *
     * @return whether a page was sent
     */
    boolean send(ServerRequest req, ServerResponse res, int status, String code, String detail);
}
