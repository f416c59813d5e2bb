package dev.gatehouse.verifier;

import dev.gatehouse.token.rules.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Follows Gatehouse's revocation log into a {@link RevocationSet}: first the pages of
 * {@code GET /v1/revocations?after=SEQ} from the last sequence number seen (0 at start, so every
 * entry that still matters is loaded), then the event stream {@code /v1/revocations/stream}
 * resumed with {@code Last-Event-ID}. After any break it catches up with the pages again before
 * reopening the stream, with a backoff from {@value #FIRST_BACKOFF_MILLIS} ms to
 * {@value #MAX_BACKOFF_MILLIS} ms, each wait drawn at random between half the backoff and all of
 * it: when Gatehouse restarts, every verifier's stream breaks at the same moment, and without
 * the jitter a thousand of them would come back in step. Only an opened stream resets the
 * backoff, not a page that answered: a follower whose stream Gatehouse refuses (503
 * {@code too_many_streams}, past the per-client limit) backs off to polling the pages every few
 * seconds, which keeps it fresh, instead of asking for a page and a stream ten times a second. The stream's request has the same
 * timeout as a page's until its headers arrive, so a Gatehouse that accepts the connection but
 * never answers is left, not waited for.
 *
 * <p>Every answer, event and keep-alive comment counts as contact; the verifier compares the
 * time since the last contact with its staleness limit. A stream that stays silent past that
 * limit (a half-open connection) is closed by {@link #closeIfSilent} so it is reopened.
 */
final class RevocationFollower implements Runnable {

    static final int PAGE_LIMIT = 1000;
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5000;
    private static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(RevocationFollower.class.getName());
    private static final RandomGenerator RANDOM = new SecureRandom();

    private final HttpClient http;
    private final URI pages;
    private final URI stream;
    private final Duration requestTimeout;
    private final RevocationSet set;
    private final Clock clock;
    private final ClientCredentials credentials;
    private volatile String lastRefusal;
    private volatile long lastSeq;
    private volatile Instant lastContact;
    private volatile InputStream open;
    private volatile boolean closed;
    private volatile Thread runner;
    /** Whether the stream of the current round was answered 200; only that resets the backoff. */
    private volatile boolean streamOpened;

    /** @param credentials the client to authenticate as; null sends none (and the feed refuses) */
    RevocationFollower(HttpClient http, URI pages, Duration requestTimeout, RevocationSet set, Clock clock,
                       ClientCredentials credentials) {
        this.credentials = credentials;
        this.http = http;
        this.pages = pages;
        this.stream = URI.create(pages.toString().replaceAll("/+$", "") + "/stream");
        this.requestTimeout = requestTimeout;
        this.set = set;
        this.clock = clock;
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (!closed) {
            streamOpened = false;
            try {
                catchUp();
                follow();
            } catch (InterruptedException | IOException | RuntimeException e) {
                // an interrupt without close() means "reconnect" (see closeIfSilent)
                if (!closed) {
                    LOG.log(System.Logger.Level.DEBUG, "revocation feed " + pages + " broke: " + e);
                }
            }
            if (closed) {
                return;
            }
            if (streamOpened) {
                backoff = FIRST_BACKOFF_MILLIS;
            }
            Thread.interrupted();
            try {
                Thread.sleep(jittered(backoff, RANDOM));
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** A wait of at least half of {@code backoff} and at most all of it, drawn at random. */
    static long jittered(long backoff, RandomGenerator random) {
        long half = backoff / 2;
        return half + random.nextLong(backoff - half + 1);
    }

    /** Reads pages after the last sequence number until a short page; true when it reached the end. */
    boolean catchUp() throws IOException, InterruptedException {
        while (true) {
            HttpResponse<byte[]> response = http.send(authenticated(HttpRequest.newBuilder(
                            URI.create(pages + "?after=" + lastSeq + "&limit=" + PAGE_LIMIT)))
                    .timeout(requestTimeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw refused("revocation page", response.statusCode());
            }
            if (response.body().length > MAX_PAGE_BYTES) {
                throw new IOException("revocation page larger than " + MAX_PAGE_BYTES + " bytes");
            }
            Map<String, Object> page = parse(new String(response.body(), StandardCharsets.UTF_8));
            if (!(page.get("entries") instanceof List<?> entries) || !(page.get("next") instanceof BigDecimal next)) {
                throw new IOException("revocation page lacks entries or next");
            }
            for (Object entry : entries) {
                apply(entry);
            }
            lastSeq = Math.max(lastSeq, next.longValueExact());
            contact();
            if (entries.size() < PAGE_LIMIT) {
                return true;
            }
        }
    }

    private void follow() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(authenticated(HttpRequest.newBuilder(stream))
                .timeout(requestTimeout) // until the headers arrive; the events may take as long as they like
                .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(lastSeq)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw refused("revocation stream", response.statusCode());
            }
            open = body;
            streamOpened = true;
            contact();
            new ServerSentEvents(body).readAll(new ServerSentEvents.Listener() {
                @Override
                public void event(String id, String type, String data) throws IOException {
                    onEvent(id, type, data);
                }

                @Override
                public void alive() {
                    contact();
                }
            });
        } finally {
            open = null;
        }
    }

    /**
     * One event of the stream: a revocation is added to the set and its id remembered for a resumed
     * stream; other types are ignored.
     *
     * @throws IOException when a revocation's data is not a well-formed entry (the stream is then
     *                     left and reopened)
     */
    void onEvent(String id, String type, String data) throws IOException {
        if (!"revocation".equals(type)) {
            return;
        }
        apply(parse(data));
        if (id != null && id.matches("\\d{1,18}")) {
            lastSeq = Math.max(lastSeq, Long.parseLong(id));
        }
    }

    private HttpRequest.Builder authenticated(HttpRequest.Builder request) {
        return credentials == null ? request : request.header("Authorization", credentials.authorization());
    }

    /** Remembers why the feed refused, for the message of a verifier that never reached it. */
    private IOException refused(String what, int status) {
        String why = what + " answered " + status;
        if (status == 401) {
            why += credentials == null ? ": Gatehouse serves the feed to registered clients only; set clientCredentials"
                    : ": Gatehouse refused the credentials of client '" + credentials.clientId() + "'";
        }
        lastRefusal = why;
        return new IOException(why);
    }

    /** Why the feed last refused this verifier; null once it has been heard from since. */
    String lastRefusal() {
        return lastRefusal;
    }

    private void apply(Object raw) throws IOException {
        if (!(raw instanceof Map<?, ?> entry) || !(entry.get("kind") instanceof String kind)
                || !(entry.get("id") instanceof String id) || !(entry.get("revoked_at") instanceof String revokedAt)
                || !(entry.get("forget_after") instanceof String forgetAfter)) {
            throw new IOException("revocation entry lacks kind, id, revoked_at or forget_after");
        }
        try {
            set.add(kind, id, Instant.parse(revokedAt), Instant.parse(forgetAfter), clock.instant());
        } catch (DateTimeParseException e) {
            throw new IOException("revocation entry has a bad time", e);
        }
        if (entry.get("seq") instanceof BigDecimal seq) {
            lastSeq = Math.max(lastSeq, seq.longValue());
        }
    }

    private static Map<String, Object> parse(String json) throws IOException {
        try {
            return Json.parseObject(json);
        } catch (Json.JsonException e) {
            throw new IOException("revocation feed sent bad JSON: " + e.getMessage());
        }
    }

    private void contact() {
        lastRefusal = null;
        lastContact = clock.instant();
    }

    /** Time since the feed was last heard from; null when it never was. */
    Duration silence() {
        Instant last = lastContact;
        return last == null ? null : Duration.between(last, clock.instant());
    }

    /** Closes an open stream that has been silent for longer than {@code limit}, so it is reopened. */
    void closeIfSilent(Duration limit) {
        Duration silence = silence();
        InputStream body = open;
        if (body != null && silence != null && silence.compareTo(limit) > 0) {
            try {
                body.close();
            } catch (IOException ignored) {
                // reopening follows either way
            }
            interrupt();
        }
    }

    long lastSeq() {
        return lastSeq;
    }

    private void interrupt() {
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    void close() {
        closed = true;
        interrupt();
        InputStream body = open;
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
