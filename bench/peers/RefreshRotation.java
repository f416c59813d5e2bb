import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refresh-token rotation under load through the standard OAuth token endpoint (RFC 6749 §6), the
 * same request for Gatehouse ({@code /oauth2/token}) and Keycloak: one virtual thread per lineage,
 * each exchanging its own refresh token for the next as fast as the server answers. A lineage that
 * gets anything but 200 with a new refresh token stops (rotation with reuse detection would make
 * every later exchange fail), so failures stay visible instead of inflating the rate.
 *
 * <p>Usage: {@code java RefreshRotation.java TOKEN_URL TOKENS_FILE SECONDS [WARMUP_SECONDS]}; the
 * environment variable {@code BASIC_AUTH} (a full {@code Authorization} value) is sent when set.
 * Prints one line: requests/s, p50 ms, p99 ms, failures, mean response bytes.
 */
public class RefreshRotation {

    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        List<String> tokens = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        long seconds = Long.parseLong(args[2]);
        long warmup = args.length > 3 ? Long.parseLong(args[3]) : 0;
        String basic = System.getenv("BASIC_AUTH");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long begin = System.nanoTime();
        long measureFrom = begin + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        List<List<Long>> latencies = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Thread> lineages = new ArrayList<>();
        for (String first : tokens) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            lineages.add(Thread.ofVirtual().start(() -> {
                String token = first;
                while (System.nanoTime() < end) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                                    + URLEncoder.encode(token, StandardCharsets.US_ASCII)));
                    if (basic != null && !basic.isEmpty()) {
                        request.header("Authorization", basic);
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        Matcher m = REFRESH.matcher(r.body());
                        if (r.statusCode() != 200 || !m.find()) {
                            if (t0 >= measureFrom) {
                                failures.incrementAndGet();
                            }
                            System.err.println("lineage stopped: HTTP " + r.statusCode() + " "
                                    + r.body().substring(0, Math.min(200, r.body().length())));
                            return;
                        }
                        if (t0 >= measureFrom && t1 <= end) {
                            mine.add(t1 - t0);
                            bytes.addAndGet(r.body().length());
                        }
                        token = m.group(1);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.err.println("lineage stopped: " + e);
                        return;
                    }
                }
            }));
        }
        for (Thread t : lineages) {
            t.join();
        }
        List<Long> sorted = new ArrayList<>();
        latencies.forEach(sorted::addAll);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            System.out.printf("0 - - %d 0%n", failures.get());
            return;
        }
        System.out.printf("%.1f %.2f %.2f %d %d%n", sorted.size() / (double) seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, failures.get(),
                bytes.get() / sorted.size());
    }
}
