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
 * The pages' static files, read once from the jar: the one stylesheet, {@code
 * /assets/gatehouse.css}, and the one script, {@code /assets/passkeys.js} (the WebAuthn calls, which
 * no form can make). Browsers revalidate each by its ETag (a hash of its content), so a new
 * version is seen at once.
 */
public final class Assets {

    private record Asset(byte[] content, String etag, String contentType) {
        static Asset load(String name, String contentType) {
            byte[] content;
            try (InputStream in = Assets.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing from the jar");
                }
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
                return new Asset(content, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"", contentType);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Asset css = Asset.load("gatehouse.css", "text/css; charset=utf-8");
    private final Asset passkeys = Asset.load("passkeys.js", "text/javascript; charset=utf-8");

    public void stylesheet(ServerRequest req, ServerResponse res) {
        send(req, res, css);
    }

    public void passkeysScript(ServerRequest req, ServerResponse res) {
        send(req, res, passkeys);
    }

    private static void send(ServerRequest req, ServerResponse res, Asset asset) {
        res.header(HeaderNames.ETAG, asset.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(asset.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.send(asset.content());
    }
}
