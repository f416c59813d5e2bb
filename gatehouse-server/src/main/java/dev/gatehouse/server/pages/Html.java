package dev.gatehouse.server.pages;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** Small, safe building blocks for the server-rendered pages: escaping, layout, form bodies. */
final class Html {

    /** No scripts at all; styles inline; forms only to ourselves; never framed. */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static void send(ServerResponse res, Status status, String title, String body) {
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Gatehouse</title>
                <style>
                body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
                label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%%;padding:.5rem;font:inherit}
                button{margin-top:1rem;padding:.5rem 1rem;font:inherit;cursor:pointer}
                .error{color:#a40000;background:#fdecec;padding:.5rem .8rem;border-radius:4px}
                table{border-collapse:collapse;width:100%%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
                form.inline{display:inline}form.inline button{margin:0}
                </style></head><body>
                %s
                </body></html>
                """.formatted(escape(title), body);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.send(page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A safe place to send the browser after sign-in: a path on this site only. Anything that
     * could leave the site ({@code //evil}, {@code /\evil}, absolute URLs) falls back to
     * {@code /account}.
     */
    static String localPath(String returnTo) {
        if (returnTo == null || returnTo.length() > 2048 || !returnTo.startsWith("/")
                || returnTo.startsWith("//") || returnTo.startsWith("/\\")) {
            return "/account";
        }
        for (int i = 0; i < returnTo.length(); i++) {
            char c = returnTo.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                return "/account";
            }
        }
        return returnTo;
    }
}
