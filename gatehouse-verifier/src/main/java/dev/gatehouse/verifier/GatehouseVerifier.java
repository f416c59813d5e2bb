package dev.gatehouse.verifier;

import dev.gatehouse.token.rules.AccessTokenRules;
import dev.gatehouse.token.rules.ClaimsCheck;
import dev.gatehouse.token.rules.KeyResolver;
import dev.gatehouse.token.rules.VerificationKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Accepts Gatehouse access tokens in any Java service, without asking Gatehouse on every request,
 * and refuses a revoked token within milliseconds of its revocation.
 *
 * <pre>{@code
 * GatehouseVerifier verifier = GatehouseVerifier.builder()
 *         .issuer("https://login.example.com")
 *         .audience("orders")
 *         .gatehouse(URI.create("https://login.example.com"))   // JWKS and revocation feed
 *         .clientCredentials("orders-api", secret)              // a registered client: the feed needs it
 *         .build();
 * VerifiedToken token = verifier.verify(bearerToken);            // or a TokenRejectedException
 * }</pre>
 *
 * <p>What {@link #verify} checks, in this order (RFC 8725, RFC 9068; the rules are Gatehouse's
 * one rulebook, {@code gatehouse-token-rules}, which the server applies to its own endpoints too): size at most 8 KiB before
 * anything else; the compact form only, in canonical base64url; a header that is strict JSON (no
 * duplicate members) with no {@code none}, no key or key URL of its own, no {@code crit},
 * {@code b64}, {@code zip} or {@code cty}, {@code typ: at+jwt} and a {@code kid}; a key of that
 * kid in Gatehouse's key set whose declared algorithm is the header's; the signature; then
 * {@code iss}, {@code aud}, {@code exp}, {@code nbf}, {@code iat} within the clock skew and the
 * claims Gatehouse always sets; and last, on every call, the revocation set.
 *
 * <p>Background work (one virtual thread following the revocation feed, one refreshing keys and
 * dropping forgotten revocations) starts in {@link Builder#build()} and ends with
 * {@link #close()}. The instance is immutable in configuration and safe for any number of
 * threads.
 *
 * <p>Hazards. With the feed unreachable for longer than {@link Builder#revocationStaleness} the
 * verifier cannot know about new revocations, so it refuses every token with
 * {@link RevocationsUnavailableException} unless {@link Builder#failOpenWhenRevocationsStale}
 * was chosen. Time comes only from the injected {@link Clock}: token times, cache expiry, key-set
 * lifetime and feed staleness all agree with it.
 */
public final class GatehouseVerifier implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(250);

    private final boolean failOpen;
    private final Duration revocationStaleness;
    private final Clock clock;
    /** The HTTP client this verifier made for itself, closed with it; null when the caller gave one. */
    private final HttpClient ownHttpClient;
    private final JwksSource keys;
    private final RevocationSet revocations = new RevocationSet();
    private final RevocationFollower follower;
    private final AccessTokenRules<VerifiedToken> rules;
    private final Thread followerThread;
    private final Thread maintenanceThread;
    private volatile boolean closed;

    private GatehouseVerifier(Builder b) {
        this.failOpen = b.failOpen;
        this.revocationStaleness = b.revocationStaleness;
        this.clock = b.clock;
        this.ownHttpClient = b.httpClient != null ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(b.requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpClient http = b.httpClient != null ? b.httpClient : ownHttpClient;
        this.keys = new JwksSource(http, b.jwksUri, b.requestTimeout, b.jwksRefetchInterval, clock);
        this.follower = new RevocationFollower(http, b.revocationsUri, b.requestTimeout, revocations, clock,
                b.clientId == null ? null : new ClientCredentials(b.clientId, b.clientSecret));
        this.rules = new AccessTokenRules<>(new KeyResolver() {
            @Override
            public VerificationKey resolve(String kid) {
                return keys.resolve(kid);
            }

            @Override
            public boolean isPublished(String kid) {
                return keys.current().key(kid).isPresent();
            }
        }, ClaimsCheck.forAudience(b.issuer, b.audience, b.clockSkew, clock), b.cacheSize, clock, VerifiedToken::of);
        keys.load();
        try {
            follower.catchUp();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | RuntimeException e) {
            // the follower thread keeps trying; until it succeeds, verification fails closed
        }
        this.followerThread = Thread.ofVirtual().name("gatehouse-revocation-feed").start(follower);
        this.maintenanceThread = Thread.ofVirtual().name("gatehouse-verifier-maintenance").start(this::maintain);
    }

    /** A builder with every default; {@code issuer}, {@code audience} and the two locations are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies an access token (without any {@code Bearer } prefix).
     *
     * @return its claims, when every check passed
     * @throws TokenRejectedException a subclass naming the check that failed
     */
    public VerifiedToken verify(String token) {
        VerifiedToken verified = rules.verify(token);
        checkRevocation(verified);
        return verified;
    }

    /**
     * Verifies an access token and checks that its session was proved as {@code requirement}
     * demands, at this verifier's clock.
     *
     * @throws InsufficientAuthenticationException when the token is valid but its session lacks a
     *         second factor, or a recent enough authentication, that the requirement demands
     * @throws TokenRejectedException another subclass when the token itself is refused
     */
    public VerifiedToken verify(String token, AuthenticationRequirement requirement) {
        VerifiedToken verified = verify(token);
        requirement.check(verified, clock);
        return verified;
    }

    /** The clock every decision of this verifier uses. */
    Clock clock() {
        return clock;
    }

    private void checkRevocation(VerifiedToken token) {
        if (!failOpen) {
            Duration silence = follower.silence();
            if (silence == null) {
                String refusal = follower.lastRefusal();
                throw new RevocationsUnavailableException("the revocation feed has not been reached yet"
                        + (refusal == null ? "" : " (" + refusal + ")") + "; failing closed");
            }
            if (silence.compareTo(revocationStaleness) > 0) {
                throw new RevocationsUnavailableException("the revocation feed was last heard from "
                        + silence.toMillis() + " ms ago, allowed staleness " + revocationStaleness.toMillis()
                        + " ms; failing closed");
            }
        }
        revocations.check(token);
    }

    private void maintain() {
        while (!closed) {
            try {
                Thread.sleep(TICK);
                keys.refreshIfDue();
                revocations.prune(clock.instant());
                follower.closeIfSilent(revocationStaleness);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.getLogger(GatehouseVerifier.class.getName()).log(System.Logger.Level.WARNING,
                        "verifier maintenance failed: " + e);
            }
        }
    }

    /** Key ids of the usable keys in the current key set (for health pages and tests). */
    public Set<String> keyIds() {
        return keys.current().kids();
    }

    /** The sequence number of the last revocation applied (for health pages and tests). */
    public long lastRevocationSeq() {
        return follower.lastSeq();
    }

    int revocationEntries() {
        return revocations.size();
    }

    long jwksFetches() {
        return keys.fetches();
    }

    int cachedTokens() {
        return rules.cachedTokens();
    }

    /**
     * Stops the background threads, and the HTTP client if the verifier made it. Verification
     * afterwards fails closed once the feed is stale.
     */
    @Override
    public void close() {
        closed = true;
        follower.close();
        followerThread.interrupt();
        maintenanceThread.interrupt();
        if (ownHttpClient != null) {
            ownHttpClient.shutdownNow();
        }
    }

    /**
     * Collects and validates the settings of a {@link GatehouseVerifier}. Each setting is checked
     * in {@link #build()}, with a message that names it and the allowed range.
     */
    public static final class Builder {
        static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

        private String issuer;
        private String audience;
        private URI jwksUri;
        private URI revocationsUri;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private Duration jwksRefetchInterval = Duration.ofSeconds(30);
        private Duration revocationStaleness = Duration.ofSeconds(30);
        private boolean failOpen;
        private int cacheSize = 10_000;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private HttpClient httpClient;
        private String clientId;
        private String clientSecret;

        private Builder() {
        }

        /** Required: the only {@code iss} accepted, exactly as Gatehouse sets it (its public origin by default). */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Required: this service's name; tokens whose {@code aud} does not contain it are refused. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** Sets both locations from Gatehouse's base URL: {@code /.well-known/jwks.json} and {@code /v1/revocations}. */
        public Builder gatehouse(URI baseUrl) {
            String base = Objects.requireNonNull(baseUrl, "baseUrl").toString().replaceAll("/+$", "");
            this.jwksUri = URI.create(base + "/.well-known/jwks.json");
            this.revocationsUri = URI.create(base + "/v1/revocations");
            return this;
        }

        /**
         * The registered confidential client this verifier reads the revocation feed as
         * ({@code ./gatehouse client create ID --secret-stdin}); sent with HTTP Basic on every
         * feed request. Gatehouse answers the feed to registered clients only: without this
         * setting, or with a wrong secret, the feed is never reached and verification fails
         * closed ({@link RevocationsUnavailableException}). The secret appears in no message.
         */
        public Builder clientCredentials(String clientId, String secret) {
            this.clientId = clientId;
            this.clientSecret = secret;
            return this;
        }

        /** The JWKS location ({@code GET /.well-known/jwks.json}). */
        public Builder jwksUri(URI jwksUri) {
            this.jwksUri = jwksUri;
            return this;
        }

        /** The revocation log ({@code GET /v1/revocations}); the stream is this plus {@code /stream}. */
        public Builder revocationsUri(URI revocationsUri) {
            this.revocationsUri = revocationsUri;
            return this;
        }

        /** How far clocks may disagree when checking {@code exp}, {@code nbf}, {@code iat}. Default 60 s, at most 5 min. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /** The time source for every decision. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The least time between two key-set fetches caused by unknown {@code kid}s, so random
         * kids cannot flood Gatehouse. Default 30 s; zero allows a fetch per unknown kid.
         */
        public Builder jwksRefetchInterval(Duration interval) {
            this.jwksRefetchInterval = interval;
            return this;
        }

        /** How long the revocation feed may stay silent before verification fails closed. Default 30 s (keep-alives come every 15 s). */
        public Builder revocationStaleness(Duration staleness) {
            this.revocationStaleness = staleness;
            return this;
        }

        /**
         * Accept tokens even while the revocation feed is stale (known revocations are still
         * refused). Off by default: a revoked token could then be accepted for as long as the
         * feed is down.
         */
        public Builder failOpenWhenRevocationsStale(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /** Most verified tokens remembered (by SHA-256) to skip their signature check. Default 10 000; 0 disables. */
        public Builder verifiedTokenCacheSize(int entries) {
            this.cacheSize = entries;
            return this;
        }

        /** Timeout of each request for keys or revocation pages, and of connecting. Default 5 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** The HTTP client to use, for proxies or TLS settings. Default: a new HTTP/1.1 client. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Validates every setting, loads the key set and the revocation log once (a failure there
         * is not fatal: verification fails closed until the background threads succeed), and
         * starts following the feed.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public GatehouseVerifier build() {
            requireText(issuer, "issuer");
            requireText(audience, "audience");
            requireHttp(jwksUri, "jwksUri");
            requireHttp(revocationsUri, "revocationsUri");
            if (clientId != null || clientSecret != null) {
                requireText(clientId, "clientCredentials client id");
                if (clientId.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                    throw new IllegalArgumentException("clientCredentials client id must not contain spaces or"
                            + " control characters");
                }
                if (clientSecret == null || clientSecret.isEmpty()) {
                    throw new IllegalArgumentException("clientCredentials secret is required and must not be empty");
                }
            }
            Objects.requireNonNull(clock, "clock");
            requireRange(clockSkew, "clockSkew", Duration.ZERO, MAX_CLOCK_SKEW);
            requireRange(jwksRefetchInterval, "jwksRefetchInterval", Duration.ZERO, Duration.ofHours(1));
            requireRange(revocationStaleness, "revocationStaleness", Duration.ofSeconds(1), Duration.ofHours(1));
            requireRange(requestTimeout, "requestTimeout", Duration.ofMillis(100), Duration.ofMinutes(1));
            if (cacheSize < 0 || cacheSize > 10_000_000) {
                throw new IllegalArgumentException("verifiedTokenCacheSize must be from 0 to 10000000, got " + cacheSize);
            }
            return new GatehouseVerifier(this);
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " is required and must not be blank");
            }
        }

        private static void requireHttp(URI uri, String name) {
            if (uri == null || uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException(name + " must be an absolute http or https URL, got " + uri);
            }
        }

        private static void requireRange(Duration value, String name, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be from " + min.toMillis() + " ms to "
                        + max.toMillis() + " ms, got " + (value == null ? "null" : value.toMillis() + " ms"));
            }
        }
    }
}
