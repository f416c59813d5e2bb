package dev.gatehouse.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The few requests the harness makes itself, outside the load (sign-ins, a refresh, an
 * introspection, Keycloak's admin API), and the JSON it reads from their answers. No cookie store:
 * each cookie is read from {@code Set-Cookie} and sent by hand, as a client of the benchmark would.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends the request; any answer but 2xx fails the run, naming {@code what}. */
    HttpResponse<String> expectOk(String what, HttpRequest.Builder request) {
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw new HarnessException(what + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HarnessException("a request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted during a request", e);
        }
    }

    static HttpRequest.Builder postJson(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    static HttpRequest.Builder postForm(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    /** {@code application/x-www-form-urlencoded} from name, value pairs. */
    static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    /** An HTTP Basic {@code Authorization} value. */
    static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON value as a tree; a body that is not JSON fails the run, naming {@code what}. */
    static JsonNode json(String what, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new HarnessException(what + " answered no JSON: " + body, e);
        }
    }

    /** A string member of a JSON object; fails the run if it is absent. */
    static String member(String what, String body, String name) {
        JsonNode value = json(what, body).path(name);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new HarnessException(what + " answered no " + name + ": " + body);
        }
        return value.asText();
    }

    /** The {@code alg} of a JWT's header. */
    static String jwtAlgorithm(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                StandardCharsets.UTF_8);
        return json("a JWT header", header).path("alg").asText("?");
    }

    /** The value of the cookie {@code name} set by the answer, if it set one. */
    static Optional<String> cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.contains(";") ? c.indexOf(';') : c.length()))
                .findFirst();
    }

    /** The length of a body as the report counts it: characters, trailing newlines left out. */
    static int length(String body) {
        return body.replaceFirst("\\n+$", "").length();
    }
}
