import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a second factor adds to a JSON sign-in: signs in, one at a time, accounts without a factor
 * ({@code POST /v1/login}, one step) and accounts with an authenticator app ({@code POST /v1/login}
 * answering 401 {@code mfa_required}, then {@code POST /v1/login/mfa} with the code), and prints
 * the median and 90th percentile of each step. Sequential on purpose: it measures the latency one
 * user sees, not throughput (password hashing dominates that, see bench/run.sh).
 *
 * <p>Usage: {@code java SecondStep.java BASE_URL ADMIN_NAME ADMIN_PASSWORD ACCOUNTS ROUNDS}. It
 * creates the accounts through the admin API, enrols half of them with an authenticator app over
 * {@code /v1/factors}, and computes codes itself (RFC 6238; each code counts once, so an account
 * signs in with the codes of the steps it has not spent yet, up to the next one, then waits).
 */
public class SecondStep {

    private static final Pattern CHALLENGE = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("__Host-gatehouse=([^;]+)");
    private static final String PASSWORD = "a long benchmark passphrase";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int accounts = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        String admin = cookie(post("/v1/login", json("username", args[1], "password", args[2]), null));
        List<String> plain = new ArrayList<>();
        List<String[]> enrolled = new ArrayList<>();
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        for (int i = 0; i < accounts; i++) {
            String name = "step" + run + "x" + i;
            expect(post("/v1/admin/accounts", json("username", name, "password", PASSWORD), admin), 201);
            if (i % 2 == 0) {
                plain.add(name);
                continue;
            }
            String session = cookie(post("/v1/login", json("username", name, "password", PASSWORD), null));
            String secret = find(SECRET, expect(post("/v1/factors/totp", "{}", session), 201).body());
            expect(post("/v1/factors/totp/confirm", json("code", code(secret, step() )), session), 200);
            enrolled.add(new String[] {name, secret});
        }
        List<Double> oneStep = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        long lastSpent = step(); // every enrolment above spent a step up to this one
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            long now = waitForStep(lastSpent);
            long from = Math.max(now - 1, lastSpent + 1);
            lastSpent = now + 1;
            for (long s = from; s <= now + 1; s++) {
                for (String name : plain) {
                    long t0 = System.nanoTime();
                    expect(post("/v1/login", json("username", name, "password", PASSWORD), null), 200);
                    record(round, oneStep, t0);
                }
                for (String[] account : enrolled) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> challenge = expect(post("/v1/login",
                            json("username", account[0], "password", PASSWORD), null), 401);
                    record(round, first, t0);
                    long t1 = System.nanoTime();
                    expect(post("/v1/login/mfa", json("challenge", find(CHALLENGE, challenge.body()), "factor", "totp",
                            "code", code(account[1], s)), null), 200);
                    record(round, second, t1);
                }
            }
        }
        System.out.printf(Locale.ROOT, "password only (one step):       %s%n", summary(oneStep));
        System.out.printf(Locale.ROOT, "with a second factor, step 1:   %s%n", summary(first));
        System.out.printf(Locale.ROOT, "with a second factor, step 2:   %s%n", summary(second));
    }

    private static void record(int round, List<Double> into, long startNanos) {
        if (round > 0) {
            into.add((System.nanoTime() - startNanos) / 1e6);
        }
    }

    private static String summary(List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "n %4d   p50 %7.2f ms   p90 %7.2f ms", sorted.length,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)]);
    }

    private static long step() {
        return System.currentTimeMillis() / 30_000;
    }

    /** Waits until step {@code atLeast} has begun, and a second into it (clocks agree). */
    private static long waitForStep(long atLeast) throws InterruptedException {
        while (step() < atLeast || System.currentTimeMillis() % 30_000 < 1_000) {
            Thread.sleep(200);
        }
        return step();
    }

    /** RFC 6238: HMAC-SHA1 of the step, dynamic truncation, six digits. */
    private static String code(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int o = h[h.length - 1] & 0xf;
        int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", bin % 1_000_000);
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static HttpResponse<String> post(String path, String body, String session) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            req.header("Cookie", "__Host-gatehouse=" + session);
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> res, int status) {
        if (res.statusCode() != status) {
            throw new IllegalStateException(res.request().uri().getPath() + " answered " + res.statusCode()
                    + ", expected " + status + ": " + res.body());
        }
        return res;
    }

    private static String cookie(HttpResponse<String> res) {
        return res.headers().allValues("set-cookie").stream().map(COOKIE::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst().orElseThrow(() -> new IllegalStateException("no session cookie"));
    }

    private static String find(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("not in the answer: " + p);
        }
        return m.group(1);
    }

    private static String json(String... pairs) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i == 0 ? "" : ",").append('"').append(pairs[i]).append("\":\"").append(pairs[i + 1]).append('"');
        }
        return out.append('}').toString();
    }
}
