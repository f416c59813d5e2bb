package dev.gatehouse.server.http;

import dev.gatehouse.core.error.InvalidInputException;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Request bodies, read only once their media type is the one the endpoint takes.
 *
 * <p>A body whose framing is broken (a chunk size that is not a hexadecimal number, a missing line
 * end) is a 400 {@code bad_request}, the code of any request the web server cannot parse, and the
 * connection is closed: where the next request would start is unknown. The web server's parser
 * throws plain runtime exceptions for these, which would otherwise pass for a failure of the
 * endpoint (a 500 with a stack trace). Like the other refusals of the transport (413, an
 * unparseable header), these are problem+json on every path, the OAuth endpoints included: the
 * request never became an OAuth request.
 */
final class Bodies {

    private Bodies() {
    }

    /**
     * The body's bytes.
     *
     * @throws InvalidInputException {@code unsupported_media_type} when the request's content type
     *                               (parameters aside) is not {@code mediaType}
     */
    static byte[] read(ServerRequest req, String mediaType) {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(mediaType)) {
            throw new InvalidInputException("unsupported_media_type", "the body must be " + mediaType);
        }
        try {
            return req.content().inputStream().readAllBytes();
        } catch (RequestException refused) {
            throw refused; // 413 for a chunked body over the limit
        } catch (CloseConnectionException gone) {
            throw gone; // the connection failed: nobody to answer
        } catch (IOException | UncheckedIOException gone) {
            throw new CloseConnectionException("the connection failed during a request body", gone);
        } catch (RuntimeException malformed) { // the web server's parser gave up
            throw RequestException.builder()
                    .type(EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .setKeepAlive(false)
                    .request(DirectTransportRequest.create(req.prologue(), req.headers()))
                    .message("malformed request body: " + malformed.getClass().getName())
                    .build();
        }
    }
}
