package dev.gatehouse.core.key;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The life cycle of signing keys: create, publish, activate, retire, drop.
 *
 * <p>A new key is published at once but signs only {@code jwksCacheLifetime} later, so every
 * verifier that caches the JWKS for at most that long knows the key before it sees a token
 * signed with it. When a newer key has activated, the older ones are retired as of that moment
 * and stay published for {@code maxTokenLifetime} plus {@value #RETIREMENT_SKEW_SECONDS} s more,
 * until every token they signed has expired; then they leave the JWKS and the store. Only the
 * very first key signs immediately: nothing can have cached a JWKS before it existed.
 *
 * <p>Several nodes share the store and agree without talking: each picks the newest activated,
 * unretired key (ties broken by creation time, then kid), and retirement is a conditional write
 * that keeps the first result. Retiring happens lazily, whenever a node notices a superseded key,
 * and in {@link #maintain}.
 *
 * <p>Hazards. The key list is re-read from the store at most every {@link #STORE_REFRESH}, so a
 * node may publish a key created elsewhere that much later, and sign with a retired key that
 * much longer: the JWKS endpoint should therefore tell verifiers to cache for at most
 * {@code jwksCacheLifetime - STORE_REFRESH}, and the retirement skew covers the late tokens.
 * Private keys are unsealed once per node and kept in memory, by kid.
 */
public final class SigningKeys {

    /** How long a node trusts its copy of the key list before reading the store again. */
    public static final Duration STORE_REFRESH = Duration.ofSeconds(5);

    static final long RETIREMENT_SKEW_SECONDS = 60;
    private static final Duration RETIREMENT_SKEW = Duration.ofSeconds(RETIREMENT_SKEW_SECONDS);
    private static final int KID_BYTES = 16;
    /** Newest last: by activation, then creation, then kid, the same on every node. */
    private static final Comparator<SigningKey> AGE = Comparator.comparing(SigningKey::activatesAt)
            .thenComparing(SigningKey::createdAt).thenComparing(SigningKey::kid);

    /** One read of the store, with the public JWKs parsed once. */
    private record Snapshot(List<SigningKey> keys, Map<String, JWK> publicJwks, Instant readAt) {
    }

    private final SigningKeyStore store;
    private final Sealer sealer;
    private final KeyAlgorithm algorithm;
    private final Duration jwksCacheLifetime;
    private final Duration maxTokenLifetime;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    /**
     * @param algorithm         the algorithm of keys this node creates; keys of other algorithms
     *                          already in the store keep signing and verifying until replaced
     * @param jwksCacheLifetime how long verifiers may cache the JWKS; a rotated key waits this long
     * @param maxTokenLifetime  the longest lifetime of any token signed; a retired key stays
     *                          published this long (plus skew)
     */
    public SigningKeys(SigningKeyStore store, Sealer sealer, KeyAlgorithm algorithm, Duration jwksCacheLifetime,
                       Duration maxTokenLifetime, Clock clock) {
        this(store, sealer, algorithm, jwksCacheLifetime, maxTokenLifetime, null, clock);
    }

    /** As above, recording every rotation in {@code audit} (null: nowhere, for tests and tools). */
    public SigningKeys(SigningKeyStore store, Sealer sealer, KeyAlgorithm algorithm, Duration jwksCacheLifetime,
                       Duration maxTokenLifetime, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.store = Objects.requireNonNull(store, "store");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.jwksCacheLifetime = Objects.requireNonNull(jwksCacheLifetime, "jwksCacheLifetime");
        this.maxTokenLifetime = Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (jwksCacheLifetime.isNegative()) {
            throw new IllegalArgumentException("jwksCacheLifetime must not be negative, got " + jwksCacheLifetime);
        }
        if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
            throw new IllegalArgumentException("maxTokenLifetime must be positive, got " + maxTokenLifetime);
        }
    }

    /** The longest token lifetime the retirement schedule allows for. */
    public Duration maxTokenLifetime() {
        return maxTokenLifetime;
    }

    /**
     * Makes sure a key can sign: with an empty store, creates one that signs at once; when
     * every stored key is retired (keys were deleted by hand), rotates, so the new key is
     * published before it signs. Otherwise does nothing. Call at start-up.
     *
     * @return true when it created a key
     */
    public synchronized boolean ensureKey() {
        List<SigningKey> keys = store.list();
        Instant now = now();
        if (keys.isEmpty()) {
            add(create(now, now));
            return true;
        }
        if (keys.stream().allMatch(k -> k.retiredAt() != null)) {
            rotate(Actor.SCHEDULE);
            return true;
        }
        return false;
    }

    /** Rotates from the command line; see {@link #rotate(Actor)}. */
    public SigningKey rotate() {
        return rotate(Actor.COMMAND_LINE);
    }

    /**
     * Creates and publishes a key of the configured algorithm that signs one JWKS cache lifetime
     * from now; the current key signs until then.
     *
     * @param by who rotates, named in the audit event
     */
    public SigningKey rotate(Actor by) {
        Instant now = now();
        SigningKey key = create(now, now.plus(jwksCacheLifetime));
        add(key);
        if (audit != null) {
            audit.append(AuditEvent.of(now, AuditType.SIGNING_KEY_ROTATED, null, null, null, null, key.kid()).by(by));
        }
        return key;
    }

    /**
     * Every published key with its state and age, oldest first: what an administrator checks
     * before and after a rotation. Reads the store, not this node's copy, so a rotation made a
     * moment ago elsewhere shows.
     */
    public List<KeyStatus> statuses() {
        Instant now = now();
        Snapshot s = read(now);
        Optional<SigningKey> signing = signing(s.keys(), now);
        return published(s, now).map(k -> new KeyStatus(k, k.retiredAt() != null ? KeyStatus.State.RETIRED
                        : signing.filter(x -> x.kid().equals(k.kid())).isPresent() ? KeyStatus.State.SIGNING : KeyStatus.State.PUBLISHED,
                Duration.between(k.createdAt(), now))).toList();
    }

    /**
     * The key to sign with now, and its loaded signer.
     *
     * @throws IllegalStateException when no key has activated: {@link #ensureKey()} was not called
     */
    public KeySigner signer() {
        Instant now = now();
        Snapshot s = current(now);
        if (superseded(s.keys(), now).findAny().isPresent()) {
            s = read(now);
        }
        SigningKey key = signing(s.keys(), now).orElseThrow(() -> new IllegalStateException(
                "no signing key is active at " + now + ": call ensureKey() at start-up"));
        return new KeySigner(key, signers.computeIfAbsent(key.kid(), kid -> unseal(key)));
    }

    /**
     * Housekeeping, for a periodic task on any node (running it on several at once is safe):
     * retires superseded keys, deletes expired ones, and rotates when the newest key was created
     * {@code rotationInterval} ago or earlier ({@link Duration#ZERO}: never rotate on schedule).
     *
     * @return the key it rotated to, if it rotated
     */
    public Optional<SigningKey> maintain(Duration rotationInterval) {
        if (rotationInterval.isNegative()) {
            throw new IllegalArgumentException("rotationInterval must not be negative, got " + rotationInterval);
        }
        ensureKey();
        Instant now = now();
        store.deleteExpired(now);
        // read retires superseded keys; a key retired now expires later, so the order is safe
        Instant newest = read(now).keys().stream().map(SigningKey::createdAt).max(Comparator.naturalOrder())
                .orElseThrow();
        boolean due = !rotationInterval.isZero() && !now.isBefore(newest.plus(rotationInterval));
        return due ? Optional.of(rotate(Actor.SCHEDULE)) : Optional.empty();
    }

    /** The keys to publish: every stored key not yet expired, pending ones included, oldest first. */
    public List<SigningKey> published() {
        Instant now = now();
        return published(current(now), now).toList();
    }

    /** The JWKS document of {@link #published()}: public parameters only. */
    public String jwks() {
        Instant now = now();
        Snapshot s = current(now);
        List<JWK> jwks = published(s, now).map(k -> s.publicJwks().get(k.kid())).toList();
        // true: public parameters only, a second guard besides toPublicJWK when reading.
        return new JWKSet(jwks).toString(true);
    }

    /** The public JWK of a published key, to verify a token whose header names {@code kid}. */
    public Optional<JWK> verificationKey(String kid) {
        Instant now = now();
        Snapshot s = current(now);
        return published(s, now).filter(k -> k.kid().equals(kid)).findFirst().map(k -> s.publicJwks().get(k.kid()));
    }

    private static Stream<SigningKey> published(Snapshot s, Instant now) {
        return s.keys().stream().filter(k -> k.expiresAt() == null || now.isBefore(k.expiresAt()));
    }

    private Instant now() {
        // Stores keep milliseconds; keeping the same precision here makes reads equal writes.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Snapshot current(Instant now) {
        Snapshot s = snapshot;
        // A clock that moved back also forces a read: the copy may be from "the future".
        if (s == null || now.isBefore(s.readAt()) || !now.isBefore(s.readAt().plus(STORE_REFRESH))) {
            s = read(now);
        }
        return s;
    }

    private Snapshot read(Instant now) {
        List<SigningKey> keys = store.list();
        if (retireSuperseded(keys, now)) {
            keys = store.list();
        }
        Map<String, JWK> publicJwks = keys.stream().collect(Collectors.toMap(SigningKey::kid, SigningKeys::publicJwk));
        signers.keySet().retainAll(publicJwks.keySet());
        Snapshot s = new Snapshot(keys.stream().sorted(Comparator.comparing(SigningKey::createdAt)).toList(),
                publicJwks, now);
        snapshot = s;
        return s;
    }

    /** The newest activated, unretired key. */
    private static Optional<SigningKey> signing(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(k -> k.retiredAt() == null && !now.isBefore(k.activatesAt())).max(AGE);
    }

    /** Activated, unretired keys older than the one that signs. */
    private static Stream<SigningKey> superseded(List<SigningKey> keys, Instant now) {
        Optional<SigningKey> newest = signing(keys, now);
        return keys.stream().filter(k -> newest.isPresent() && k.retiredAt() == null
                && !now.isBefore(k.activatesAt()) && AGE.compare(k, newest.get()) < 0);
    }

    /** Retires every superseded key as of the moment its successor activated; true when any was. */
    private boolean retireSuperseded(List<SigningKey> keys, Instant now) {
        Optional<SigningKey> newest = signing(keys, now);
        boolean any = false;
        for (SigningKey old : superseded(keys, now).toList()) {
            Instant retiredAt = newest.orElseThrow().activatesAt();
            // Another node may win the race; either way the key ends retired with the same dates.
            store.retire(old.kid(), retiredAt, retiredAt.plus(maxTokenLifetime).plus(RETIREMENT_SKEW));
            any = true;
        }
        return any;
    }

    private SigningKey create(Instant createdAt, Instant activatesAt) {
        String kid = Secrets.randomToken(KID_BYTES);
        JWK privateJwk = KeyMaterial.generate(algorithm, kid);
        byte[] sealed = sealer.seal(privateJwk.toJSONString().getBytes(StandardCharsets.UTF_8), context(kid));
        SigningKey key = new SigningKey(kid, algorithm, privateJwk.toPublicJWK().toJSONString(), sealed, createdAt,
                activatesAt, null, null);
        // Freshly made here: no need to unseal it again when it starts signing.
        signers.put(kid, KeyMaterial.signer(privateJwk));
        return key;
    }

    private void add(SigningKey key) {
        store.add(key);
        snapshot = null;
    }

    private JWSSigner unseal(SigningKey key) {
        byte[] json;
        try {
            json = sealer.open(key.sealedPrivateKey(), context(key.kid()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + key.kid() + " does not open with this master key:"
                    + " it was sealed with another one, or altered in the store");
        }
        try {
            return KeyMaterial.signer(JWK.parse(new String(json, StandardCharsets.UTF_8)));
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + key.kid() + " is not a JWK after unsealing");
        }
    }

    private static JWK publicJwk(SigningKey key) {
        try {
            // toPublicJWK: even a stored JWK with private members never reaches the JWKS.
            return JWK.parse(key.publicJwk()).toPublicJWK();
        } catch (ParseException e) {
            throw new IllegalStateException("stored public JWK of key " + key.kid() + " does not parse", e);
        }
    }

    /** Binds the sealed value to its kid, so a sealed key cannot be swapped onto another row. */
    static String context(String kid) {
        return "signing-key:" + kid;
    }
}
