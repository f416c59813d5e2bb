import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the OpenID provider's two most common exchanges cost, one at a time, as a client sees them:
 * <ul>
 *   <li>a full authorization-code flow with PKCE: the password sign-in, {@code GET /oauth2/authorize}
 *   answered with a code, and {@code POST /oauth2/token} answered with an access token, a refresh
 *   token and an ID token;</li>
 *   <li>the same flow for a browser already signed in (single sign-on: authorize and token only);</li>
 *   <li>a client-credentials token ({@code POST /oauth2/token}, {@code client_secret_basic}).</li>
 * </ul>
 * Sequential on purpose: it measures the latency one user or service sees.
 *
 * <p>Usage: {@code java OidcFlows.java BASE_URL USER PASSWORD WEB_CLIENT REDIRECT_URI SERVICE_CLIENT
 * SERVICE_SECRET ROUNDS}.
 */
public class OidcFlows {

    private static final Pattern COOKIE = Pattern.compile("(__Host-gatehouse|gatehouse)=([^;]+)");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String user = args[1];
        String password = args[2];
        String webClient = args[3];
        String redirect = args[4];
        String service = args[5];
        String secret = args[6];
        int rounds = Integer.parseInt(args[7]);
        List<Double> full = new ArrayList<>();
        List<Double> sso = new ArrayList<>();
        List<Double> credentials = new ArrayList<>();
        for (int i = 0; i < rounds + 5; i++) {
            long start = System.nanoTime();
            String cookie = signIn(base, user, password);
            codeFlow(base, cookie, webClient, redirect);
            record(i, full, start);
            start = System.nanoTime();
            codeFlow(base, cookie, webClient, redirect);
            record(i, sso, start);
            start = System.nanoTime();
            clientCredentials(base, service, secret);
            record(i, credentials, start);
        }
        System.out.println("full code flow (sign-in, authorize, token):  " + summary(full));
        System.out.println("code flow, already signed in (SSO):         " + summary(sso));
        System.out.println("client-credentials token:                   " + summary(credentials));
    }

    private static String signIn(String base, String user, String password) throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base + "/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password
                        + "\",\"transport\":\"cookie\"}")).build(), 200);
        for (String header : res.headers().allValues("set-cookie")) {
            Matcher m = COOKIE.matcher(header);
            if (m.find()) {
                return m.group(1) + "=" + m.group(2);
            }
        }
        throw new IllegalStateException("no session cookie");
    }

    private static void codeFlow(String base, String cookie, String client, String redirect) throws Exception {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String query = "response_type=code&client_id=" + enc(client) + "&redirect_uri=" + enc(redirect)
                + "&scope=openid%20profile%20offline_access&state=s1&nonce=n1&code_challenge=" + challenge
                + "&code_challenge_method=S256";
        HttpResponse<String> authorize = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorize?" + query))
                .header("Cookie", cookie).GET().build(), 302);
        Matcher code = CODE.matcher(authorize.headers().firstValue("location").orElse(""));
        if (!code.find()) {
            throw new IllegalStateException("no code in " + authorize.headers().firstValue("location"));
        }
        String form = "grant_type=authorization_code&code=" + code.group(1) + "&redirect_uri=" + enc(redirect)
                + "&client_id=" + enc(client) + "&code_verifier=" + verifier;
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), 200);
        if (!token.body().contains("\"id_token\"")) {
            throw new IllegalStateException("no ID token");
        }
    }

    private static void clientCredentials(String base, String client, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((enc(client) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
        send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), 200);
    }

    private static HttpResponse<String> send(HttpRequest req, int status) throws Exception {
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != status) {
            throw new IllegalStateException(req.uri().getPath() + " answered " + res.statusCode() + ": " + res.body());
        }
        return res;
    }

    /** The first five rounds warm the JIT and are not counted. */
    private static void record(int round, List<Double> into, long startNanos) {
        if (round >= 5) {
            into.add((System.nanoTime() - startNanos) / 1e6);
        }
    }

    private static String summary(List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        return String.format(Locale.ROOT, "n %4d   p50 %7.2f ms   p90 %7.2f ms", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
