package dev.gatehouse.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API client that signs in with the token transport, as a mobile app or a CLI does: it keeps
 * the access and refresh tokens itself, sends the access token as {@code Authorization: Bearer},
 * rotates the pair when a call answers 401, and signs out by revoking the refresh token (RFC 7009).
 *
 * <p>Runs as a single source file from the repository root:
 * {@code echo 'a long passphrase' | GATEHOUSE_USER=alice java examples/src/main/java/dev/gatehouse/examples/TokenClient.java [URL]}
 * (the password on standard input, never in an argument; {@code GATEHOUSE_URL}, default
 * {@code http://127.0.0.1:8080}; URL, default Gatehouse's {@code /v1/verify}). A real app keeps
 * the refresh token in the platform's keychain or keystore, not in memory only.
 */
public final class TokenClient {

    /** The token fields are base64url or plain words, never escaped, so a pattern reads them safely. */
    private static final Pattern FIELD = Pattern.compile("\"(access_token|refresh_token)\"\\s*:\\s*\"([^\"\\\\]*)\"");

    private final URI gatehouse;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String accessToken;
    private String refreshToken;

    public TokenClient(URI gatehouse) {
        this.gatehouse = gatehouse;
    }

    /** {@code POST /v1/login} with {@code "transport": "token"}; throws with Gatehouse's answer when refused. */
    public void signIn(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(gatehouse.resolve("/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":" + jsonString(username) + ",\"password\":"
                        + jsonString(password) + ",\"transport\":\"token\"}")));
        if (answer.statusCode() != 200) {
            throw new IOException("sign-in refused: HTTP " + answer.statusCode() + " " + answer.body());
        }
        keep(answer.body());
    }

    /** A GET with the access token; on 401, one rotation and the call again. */
    public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(uri));
        if (answer.statusCode() == 401 && refresh()) {
            answer = send(withToken(uri));
        }
        return answer;
    }

    /**
     * {@code POST /oauth2/token} with {@code grant_type=refresh_token}: a new pair, the old refresh
     * token spent. False when refused (the session has ended: sign in again).
     */
    public boolean refresh() throws IOException, InterruptedException {
        if (refreshToken == null) {
            return false;
        }
        HttpResponse<String> answer = send(form("/oauth2/token", "grant_type=refresh_token&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)));
        if (answer.statusCode() != 200) {
            accessToken = null;
            refreshToken = null;
            return false;
        }
        keep(answer.body());
        return true;
    }

    /** RFC 7009: revoking the refresh token ends the session, so its access tokens stop working too. */
    public void signOut() throws IOException, InterruptedException {
        if (refreshToken != null) {
            send(form("/oauth2/revoke", "token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)
                    + "&token_type_hint=refresh_token"));
        }
        accessToken = null;
        refreshToken = null;
    }

    /** The refresh token held now, for the example's test (an app never shows it). */
    Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /** Holds a copy of someone's refresh token, as a thief would (for the example's test). */
    void holdRefreshToken(String token) {
        refreshToken = token;
    }

    private HttpRequest.Builder withToken(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        return accessToken == null ? request : request.header("Authorization", "Bearer " + accessToken);
    }

    private HttpRequest.Builder form(String path, String body) {
        return HttpRequest.newBuilder(gatehouse.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void keep(String tokenAnswer) throws IOException {
        String access = null;
        String refresh = null;
        Matcher m = FIELD.matcher(tokenAnswer);
        while (m.find()) {
            if (m.group(1).equals("access_token")) {
                access = m.group(2);
            } else {
                refresh = m.group(2);
            }
        }
        if (access == null || refresh == null) {
            throw new IOException("a token answer without both tokens");
        }
        accessToken = access;
        refreshToken = refresh;
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException, InterruptedException {
        URI gatehouse = URI.create(System.getenv().getOrDefault("GATEHOUSE_URL", "http://127.0.0.1:8080"));
        String username = System.getenv("GATEHOUSE_USER");
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (username == null || password == null) {
            throw new IllegalStateException("set GATEHOUSE_USER and give the password on standard input");
        }
        TokenClient client = new TokenClient(gatehouse);
        client.signIn(username, password);
        URI target = args.length > 0 ? URI.create(args[0]) : gatehouse.resolve("/v1/verify");
        HttpResponse<String> answer = client.get(target);
        System.out.println("GET " + target + " -> " + answer.statusCode() + " "
                + answer.headers().firstValue("Remote-User").map(u -> "(Remote-User: " + u + ") ").orElse("")
                + answer.body());
        System.out.println("rotated: " + client.refresh());
        client.signOut();
        System.out.println("signed out; the same call now -> " + client.get(target).statusCode());
    }
}
