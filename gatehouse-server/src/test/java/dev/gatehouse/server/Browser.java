package dev.gatehouse.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An HTTP client that keeps cookies the way a browser on {@link TestServer#ORIGIN} would, and
 * sends the fetch metadata a browser sends. The JDK's cookie manager would drop Secure cookies on
 * plain http, so the jar is kept here, by name.
 */
public final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Function<String, URI> base;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    /** The Sec-Fetch-Site value sent with every request; null sends none (like curl). */
    public String fetchSite = "same-origin";
    /** The Origin sent with unsafe requests; null sends none. */
    public String origin = TestServer.ORIGIN;

    public Browser(Function<String, URI> base) {
        this.base = base;
    }

    public Browser(TestServer server) {
        this(server::uri);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET(), false);
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE(), true);
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), true);
    }

    public HttpResponse<String> putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), true);
    }

    public HttpResponse<String> postForm(String path, String form) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), true);
    }

    public HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, true);
    }

    /** Signs in through the JSON API with {@link TestServer#PASSWORD}. */
    public HttpResponse<String> login(String username) {
        return postJson("/v1/login", "{\"username\":\"" + username + "\",\"password\":\"" + TestServer.PASSWORD + "\"}");
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.apply(path)).timeout(Duration.ofSeconds(20))
                .header("User-Agent", "GatehouseTestBrowser/1.0");
        if (fetchSite != null) {
            b.header("Sec-Fetch-Site", fetchSite);
        }
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", header.toString());
        }
        return b;
    }

    public HttpResponse<String> send(HttpRequest.Builder b, boolean unsafe) {
        if (unsafe && origin != null) {
            b.header("Origin", origin);
        }
        try {
            HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
