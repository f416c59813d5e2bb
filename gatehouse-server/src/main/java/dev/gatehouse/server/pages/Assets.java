package dev.gatehouse.server.pages;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The pages' one stylesheet, {@code /assets/gatehouse.css}, read once from the jar. Browsers
 * revalidate it by its ETag (a hash of its content), so a new version is seen at once.
 */
public final class Assets {

    private final byte[] css;
    private final String etag;

    public Assets() {
        try (InputStream in = Assets.class.getResourceAsStream("gatehouse.css")) {
            if (in == null) {
                throw new IllegalStateException("gatehouse.css is missing from the jar");
            }
            css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(css);
            etag = "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void stylesheet(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(etag::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/css; charset=utf-8");
        res.send(css);
    }

}
