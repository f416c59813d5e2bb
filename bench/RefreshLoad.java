import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refresh-token rotation under load: one virtual thread per lineage, each exchanging its own
 * refresh token as fast as the server answers, for a fixed time. wrk cannot do this: its Lua
 * state is per thread, not per connection, so it cannot keep each lineage on one connection.
 *
 * <p>Usage: {@code java RefreshLoad.java BASE_URL TOKENS_FILE SECONDS}. Prints one line:
 * requests/s, p50, p99, failures.
 */
public class RefreshLoad {

    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "/v1/refresh");
        List<String> tokens = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        List<Thread> lineages = new ArrayList<>();
        long start = System.nanoTime();
        for (String first : tokens) {
            lineages.add(Thread.ofVirtual().start(() -> {
                String token = first;
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + token + "\"}")).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t0);
                        Matcher m = REFRESH.matcher(r.body());
                        if (r.statusCode() != 200 || !m.find()) {
                            failures.incrementAndGet();
                            return;
                        }
                        token = m.group(1);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        for (Thread t : lineages) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%.2f %.2fms %.2fms %d%n", sorted.size() / seconds, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6, failures.get());
    }
}
