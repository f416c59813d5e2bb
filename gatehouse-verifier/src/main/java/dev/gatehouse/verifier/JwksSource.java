package dev.gatehouse.verifier;

import dev.gatehouse.token.rules.KeySet;
import dev.gatehouse.token.rules.Messages;
import dev.gatehouse.token.rules.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's key set, fetched at start, refreshed when its {@code Cache-Control: max-age}
 * runs out, and refetched early when a token names a key it does not hold, at most once per
 * {@code refetchInterval} so a flood of random {@code kid}s cannot turn into a flood of requests
 * to Gatehouse. A failed fetch (unreachable, bad status, bad document) keeps the last good set.
 *
 * <p>Fetches run under one lock, so concurrent callers that all miss the same new key cause one
 * request, and the others see its result.
 */
final class JwksSource {

    static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    static final Duration MIN_MAX_AGE = Duration.ofSeconds(1);
    static final Duration MAX_MAX_AGE = Duration.ofDays(1);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    static final int MAX_DOCUMENT_BYTES = 512 * 1024;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    private static final System.Logger LOG = System.getLogger(JwksSource.class.getName());

    private final HttpClient http;
    private final URI uri;
    private final Duration requestTimeout;
    private final Duration refetchInterval;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong fetches = new AtomicLong();
    private volatile KeySet current;
    private volatile Instant refreshAt = Instant.MIN;
    private Instant lastUnknownKidFetch;

    JwksSource(HttpClient http, URI uri, Duration requestTimeout, Duration refetchInterval, Clock clock) {
        this.http = http;
        this.uri = uri;
        this.requestTimeout = requestTimeout;
        this.refetchInterval = refetchInterval;
        this.clock = clock;
    }

    /** The key for {@code kid}, refetching the set once if it is unknown and the interval allows. */
    VerificationKey resolve(String kid) {
        KeySet keys = current;
        if (keys == null) {
            keys = refetchForUnknownKid().orElseThrow(() -> new KeysUnavailableException(
                    "the issuer's key set has not been loaded yet from " + uri));
        }
        Optional<VerificationKey> key = keys.key(kid);
        if (key.isPresent()) {
            return key.get();
        }
        Optional<KeySet> refetched = refetchForUnknownKid();
        if (refetched.isPresent()) {
            keys = refetched.get();
            key = keys.key(kid);
            if (key.isPresent()) {
                return key.get();
            }
        }
        Optional<String> unusable = keys.unusableReason(kid);
        if (unusable.isPresent()) {
            throw new UnknownKeyException("key " + kid + " is in the key set but not usable: " + unusable.get());
        }
        throw new UnknownKeyException("no key " + Messages.shown(kid) + " in the issuer's key set"
                + (refetched.isPresent() ? " (refetched just now)"
                : " (refetched less than " + refetchInterval.toMillis() + " ms ago; not again yet)"));
    }

    /** Refetches unless another unknown-kid refetch happened within the interval; the new set if fetched. */
    private Optional<KeySet> refetchForUnknownKid() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (lastUnknownKidFetch != null && now.isBefore(lastUnknownKidFetch.plus(refetchInterval))
                    && !now.isBefore(lastUnknownKidFetch)) {
                return Optional.empty();
            }
            lastUnknownKidFetch = now;
            return fetch() ? Optional.of(current) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Refreshes when the cached set's lifetime has run out; for the background loop. */
    void refreshIfDue() {
        if (!clock.instant().isBefore(refreshAt)) {
            lock.lock();
            try {
                if (!clock.instant().isBefore(refreshAt)) {
                    fetch();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** One fetch; true when it produced a new set. Caller holds the lock. */
    private boolean fetch() {
        fetches.incrementAndGet();
        Instant now = clock.instant();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            if (response.body().length > MAX_DOCUMENT_BYTES) {
                throw new IOException("key set is " + response.body().length + " bytes, more than " + MAX_DOCUMENT_BYTES);
            }
            KeySet keys = KeySet.parse(new String(response.body(), StandardCharsets.UTF_8));
            current = keys;
            refreshAt = now.plus(maxAge(response.headers().firstValue("Cache-Control").orElse("")));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | KeySet.KeySetException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not refresh the key set from " + uri + ": " + e.getMessage()
                    + (current == null ? "" : "; keeping the last good one"));
        }
        refreshAt = now.plus(RETRY_AFTER_FAILURE);
        return false;
    }

    static Duration maxAge(String cacheControl) {
        String value = cacheControl.toLowerCase(Locale.ROOT);
        if (value.contains("no-store") || value.contains("no-cache")) {
            return MIN_MAX_AGE;
        }
        Matcher m = MAX_AGE.matcher(value);
        if (!m.find()) {
            return DEFAULT_MAX_AGE;
        }
        Duration age = Duration.ofSeconds(Long.parseLong(m.group(1)));
        return age.compareTo(MIN_MAX_AGE) < 0 ? MIN_MAX_AGE : age.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : age;
    }

    /** Loads the set now, whatever its age: at start-up. */
    void load() {
        lock.lock();
        try {
            fetch();
        } finally {
            lock.unlock();
        }
    }

    boolean loaded() {
        return current != null;
    }

    KeySet current() {
        KeySet keys = current;
        return keys == null ? KeySet.EMPTY : keys;
    }

    long fetches() {
        return fetches.get();
    }
}
