package dev.gatehouse.server.pages;

import dev.gatehouse.server.auth.Caller;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders the pages: templates compiled at build time from {@code src/main/jte} (HTML-escaped
 * output), the frame every page shares, and the headers every page is sent with.
 */
public final class Pages {

    private static final String TEMPLATES = "dev.gatehouse.server.pages.templates";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, TEMPLATES);
    private final PageHeaders headers;
    private final Clock clock;
    private volatile Function<String, Optional<String>> returnTargets = returnTo -> Optional.empty();

    public Pages(List<String> returnOrigins, Clock clock) {
        this.headers = new PageHeaders(returnOrigins);
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** The frame of a page: its title, who is signed in (or nobody), and a notice from the action before. */
    public Frame frame(ServerRequest req, Caller viewer, String titleKey, String formToken) {
        Texts texts = Texts.of(req);
        String notice = Notice.of(req).map(n -> texts.get(n.key())).orElse(null);
        return new Frame(texts, texts.get(titleKey), viewer == null ? null : Frame.Viewer.of(viewer), notice, formToken);
    }

    /**
     * How to find the client a sign-in's {@code return_to} ends at, when it does: an
     * authorization request comes back to {@code /oauth2/authorize}, which redirects to the
     * client, and browsers hold that redirect to the sign-in form's {@code form-action}.
     */
    public void returnTargets(Function<String, Optional<String>> find) {
        this.returnTargets = find;
    }

    /** Sends a page whose form's redirect goes on to {@code returnTo}, and from there maybe to a client. */
    public void sendReturning(ServerResponse res, Status status, String name, Object model, String returnTo) {
        send(res, status, name, model, returnTo == null ? null : returnTargets.apply(returnTo).orElse(null));
    }

    /** Sends template {@code name} (for example {@code login.jte}) rendered with {@code model}. */
    public void send(ServerResponse res, Status status, String name, Object model) {
        send(res, status, name, model, null);
    }

    /**
     * Sends a page whose form may also lead to {@code formTarget}, a CSP source expression (see
     * {@link FormTargets}): browsers hold the redirect that follows a form to the page's
     * {@code form-action}, and the consent and sign-out forms end in a redirect to the client.
     */
    public void send(ServerResponse res, Status status, String name, Object model, String formTarget) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        engine.render(name, model, out);
        ByteArrayOutputStream page = new ByteArrayOutputStream(out.getContentLength());
        try {
            out.writeTo(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the stream is in memory
        }
        res.status(status);
        if (formTarget == null) {
            headers.apply(res);
        } else {
            headers.applyWithFormTarget(res, formTarget);
        }
        res.send(page.toByteArray());
    }

    /** POST-redirect-GET: sends the browser to {@code path} with a notice to show there. */
    public static void redirect(ServerResponse res, String path, Notice notice) {
        String target = notice == null ? path : path + (path.contains("?") ? "&" : "?") + Notice.PARAMETER + "=" + notice.id();
        res.header(HeaderNames.LOCATION, target);
        res.status(Status.SEE_OTHER_303).send();
    }
}
