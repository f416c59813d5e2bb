package dev.gatehouse.server.pages;

import dev.gatehouse.server.http.ErrorPages;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;

/**
 * Errors as pages for browsers: a request whose {@code Accept} names {@code text/html} (every
 * browser's navigation does) gets a page with a human text and a way back; every other client
 * keeps getting problem+json. The status and the stable code are the same either way.
 */
public final class ErrorPage implements ErrorPages {

    /** What the template shows. */
    public record View(Frame frame, int status, String code, String message, String requestId) {
    }

    private final Pages pages;

    public ErrorPage(Pages pages) {
        this.pages = pages;
    }

    @Override
    public boolean send(ServerRequest req, ServerResponse res, int status, String code, String detail) {
        if (!wantsHtml(req)) {
            return false;
        }
        Texts t = Texts.of(req);
        String message = t.has("error.code." + code) ? t.get("error.code." + code)
                : t.has("error.status." + status) ? t.get("error.status." + status) : t.get("error.status.other");
        String requestId = status >= 500 ? res.headers().first(HeaderNames.create("X-Request-Id")).orElse(null) : null;
        String titleKey = t.has("error.title." + status) ? "error.title." + status : "error.title.other";
        Frame frame = new Frame(t, t.get(titleKey), null, null, null);
        pages.send(res, Status.create(status), "error.jte", new View(frame, status, code, message, requestId));
        return true;
    }

    /** Asked for HTML by name, as browsers do; {@code *}{@code /*} alone is an API client's "anything". */
    static boolean wantsHtml(ServerRequest req) {
        Method method = req.prologue().method();
        if (!method.equals(Method.GET) && !method.equals(Method.POST) && !method.equals(Method.HEAD)) {
            return false;
        }
        for (String accept : req.headers().all(HeaderNames.ACCEPT, java.util.List::of)) {
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                if (parts[0].strip().toLowerCase(Locale.ROOT).equals("text/html") && !refused(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
