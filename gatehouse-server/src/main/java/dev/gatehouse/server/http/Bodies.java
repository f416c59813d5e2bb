package dev.gatehouse.server.http;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Request bodies, read only once their media type is the one the endpoint takes. */
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
            throw new InvalidInputException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be " + mediaType);
        }
        try {
            return req.content().inputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
