package dev.gatehouse.core.client;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Registered clients and the audiences they may ask for.
 *
 * <p>The audience {@value #ACCOUNT_AUDIENCE} is reserved for Gatehouse's own account API
 * ({@code /v1/me}, {@code /v1/sessions}, {@code /v1/password}, {@code /v1/logout}): only a token
 * of that audience is accepted there, so a token handed to a resource server cannot be replayed
 * against the account. Public clients (the built-in web client, mobile apps) may ask for it unless
 * their audiences are restricted without it; a confidential client (a resource server) only when
 * it is registered for it, so that introspecting such tokens is not implied by "every audience".
 *
 * <p>The browser client {@value #WEB} always exists and is public. Client secrets must be long
 * random strings (at least {@value #MIN_SECRET_LENGTH} characters), so a fast SHA-256 is the right
 * hash for them: unlike passwords they cannot be guessed, and introspection, which checks the
 * secret on every call, stays fast.
 */
public final class Clients {

    /** The built-in public client of browser sign-ins. */
    public static final String WEB = "web";
    /** The audience of tokens for Gatehouse's own account API; never one of {@code tokens.audiences}. */
    public static final String ACCOUNT_AUDIENCE = "gatehouse";
    public static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** A found client is kept this long before it is read again: registrations change rarely, and a change reaches every node within it. */
    static final Duration CACHE_LIFETIME = Duration.ofSeconds(30);

    private record Cached(Client client, Instant readAt) {
    }

    /** Length in bytes of a secret {@link #register} makes: 256 bits, 43 characters. */
    private static final int SECRET_BYTES = 32;

    /**
     * A client just registered, with its secret in clear: the only time anyone sees it, since
     * only its hash is stored.
     *
     * @param secret null for a public client
     */
    public record Registered(Client client, String secret) {
        @Override
        public String toString() {
            return "Registered[" + client + "]";
        }
    }

    private final ClientStore store;
    private final Consumer<String> deleted;
    private final List<String> audiences;
    private final ClientRegistrations registrations;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param audiences              every audience tokens may be issued for; the first is the default
     * @param maxAccessTokenLifetime the server's access-token lifetime, the most a registration may ask for
     * @param audit                  where registrations, changes and deletions are recorded
     */
    public Clients(ClientStore store, List<String> audiences, Duration maxAccessTokenLifetime, AuditLog audit,
                   Clock clock) {
        this(store, audiences, maxAccessTokenLifetime, audit, clock, id -> { });
    }

    /**
     * @param deleted told the id of each client deleted, after its deletion: what others keep about
     *                a client (the consents accounts gave it) goes with it, so a client registered
     *                later under the same id starts with nothing
     */
    public Clients(ClientStore store, List<String> audiences, Duration maxAccessTokenLifetime, AuditLog audit,
                   Clock clock, Consumer<String> deleted) {
        this.deleted = deleted;
        this.store = store;
        this.audiences = List.copyOf(audiences);
        this.registrations = new ClientRegistrations(maxAccessTokenLifetime);
        this.audit = audit;
        this.clock = clock;
    }

    /** Registers a client from the command line; see {@link #create(String, String, Set, Actor)}. */
    public Client create(String id, String secret, Set<String> audiences) {
        return create(id, secret, audiences, Actor.COMMAND_LINE);
    }

    /**
     * Registers a client with a secret Gatehouse makes (when confidential): what the admin API
     * does, so that no administrator has to invent one.
     *
     * @param audiences audiences it may ask for; empty for all configured ones
     */
    public Registered register(String id, boolean confidential, Set<String> audiences, Actor by) {
        return register(id, ClientRegistration.basic(confidential), audiences, by);
    }

    /**
     * Registers a client with a secret Gatehouse makes when its auth method uses one
     * ({@code client_secret_basic}, {@code client_secret_post}).
     *
     * @throws InvalidInputException when the registration breaks a rule of {@link ClientRegistrations}
     */
    public Registered register(String id, ClientRegistration registration, Set<String> audiences, Actor by) {
        String secret = registration != null && registration.authMethod().usesSecret()
                ? Secrets.randomToken(SECRET_BYTES) : null;
        return new Registered(create(id, secret, audiences, registration, by), secret);
    }

    /**
     * Registers a client.
     *
     * @param secret    null for a public client
     * @param audiences audiences it may ask for; empty for all configured ones
     * @param by        who registers it, named in the audit event
     */
    public Client create(String id, String secret, Set<String> audiences, Actor by) {
        return create(id, secret, audiences, ClientRegistration.basic(secret != null), by);
    }

    /**
     * Registers a client with the secret the caller chose (the command line's {@code --secret-stdin}).
     *
     * @param secret       the client's secret: given exactly when the registration's auth method uses one
     * @param registration checked by {@link ClientRegistrations#check}, defaults filled in
     * @throws InvalidInputException {@code invalid_client_id}, {@code weak_secret}, {@code invalid_audience},
     *         {@code invalid_redirect_uri}, {@code invalid_client_registration}, {@code invalid_scope}
     */
    public Client create(String id, String secret, Set<String> audiences, ClientRegistration registration, Actor by) {
        if (id == null || !ID.matcher(id).matches() || id.equals(WEB)) {
            throw new InvalidInputException(ErrorCode.INVALID_CLIENT_ID,
                    "a client id has 1 to 100 letters, digits or . _ : - and is not '" + WEB + "'");
        }
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw new InvalidInputException(ErrorCode.WEAK_SECRET, "a client secret needs at least " + MIN_SECRET_LENGTH
                    + " characters (for example: openssl rand -base64 32)");
        }
        checkAudiences(audiences);
        ClientRegistration checked = registrations.check(registration);
        if (checked.authMethod().usesSecret() != (secret != null)) {
            throw new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, checked.authMethod().usesSecret()
                    ? "token_endpoint_auth_method " + checked.authMethod().wireName() + " needs a client secret"
                    : "token_endpoint_auth_method " + checked.authMethod().wireName() + " takes no client secret");
        }
        Client client = new Client(id, secret == null ? null : Secrets.sha256Hex(secret), audiences,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), checked);
        store.create(client);
        audit.append(AuditEvent.of(client.createdAt(), AuditType.CLIENT_CREATED, null, null, null, null,
                client.id() + (client.isConfidential() ? " confidential" : " public")).by(by));
        return client;
    }

    /**
     * Replaces a client's registration. Its secret stays as it is, so the auth method may change
     * between the two secret methods, or among those without one, but not across: a client that
     * gains or loses a secret is registered anew. Nodes see the change within {@link #CACHE_LIFETIME}.
     *
     * @throws NotFoundException {@code client_not_found}, also for the built-in {@value #WEB}
     * @throws InvalidInputException when the registration breaks a rule of {@link ClientRegistrations}
     */
    public Client update(String id, ClientRegistration registration, Actor by) {
        return update(id, registration, null, by);
    }

    /**
     * As {@link #update(String, ClientRegistration, Actor)}, replacing the audiences too.
     *
     * @param audiences audiences it may ask for (empty for all configured ones), or null to keep them
     */
    public Client update(String id, ClientRegistration registration, Set<String> audiences, Actor by) {
        if (audiences != null) {
            checkAudiences(audiences);
        }
        Client old = id == null || id.equals(WEB) ? null : store.find(id).orElse(null);
        if (old == null) {
            throw new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id");
        }
        ClientRegistration checked = registrations.check(registration);
        if (checked.authMethod().usesSecret() != (old.secretHash() != null)) {
            throw new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, "client '" + id + "' "
                    + (old.secretHash() != null ? "has a secret" : "has no secret") + ", so its auth method cannot become "
                    + checked.authMethod().wireName() + ": delete it and register it anew");
        }
        Client updated = new Client(old.id(), old.secretHash(), audiences == null ? old.audiences() : audiences,
                old.createdAt(), checked);
        if (!store.update(updated)) {
            throw new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id");
        }
        cache.remove(id);
        audit.append(AuditEvent.of(clock.instant().truncatedTo(ChronoUnit.MILLIS), AuditType.CLIENT_UPDATED, null,
                null, null, null, id).by(by));
        return updated;
    }

    private void checkAudiences(Set<String> audiences) {
        if (audiences == null || audiences.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException(ErrorCode.INVALID_AUDIENCE, "audiences must be a list of names");
        }
        for (String audience : audiences) {
            if (!this.audiences.contains(audience) && !audience.equals(ACCOUNT_AUDIENCE)) {
                throw new InvalidInputException(ErrorCode.INVALID_AUDIENCE, "audience '" + audience
                        + "' is not configured (tokens.audiences: " + String.join(", ", this.audiences)
                        + ", or " + ACCOUNT_AUDIENCE + ")");
            }
        }
    }

    /** Every registered client (not the built-in {@value #WEB}), ordered by id. */
    public List<Client> list() {
        return store.list();
    }

    /**
     * Deletes a registered client. A confidential client can no longer introspect or follow the
     * revocation feed: at once on this node, within {@link #CACHE_LIFETIME} on others (their
     * cache of found clients). A public client can no longer start sign-ins or refresh: sign-ins
     * look it up, and so does every refresh of a session it started, which then ends (see
     * {@code Tokens.refresh}); its access tokens live out their short lifetime, as after any
     * revocation that is not of the whole account.
     *
     * @throws NotFoundException {@code client_not_found}, also for the built-in {@value #WEB}
     */
    public void delete(String id, Actor by) {
        if (id == null || id.equals(WEB) || !store.delete(id)) {
            throw new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id");
        }
        cache.remove(id);
        deleted.accept(id);
        audit.append(AuditEvent.of(clock.instant().truncatedTo(ChronoUnit.MILLIS), AuditType.CLIENT_DELETED, null,
                null, null, null, id).by(by));
    }

    /**
     * A registered client, confidential or public (not the built-in {@value #WEB}), as this node
     * last read it (at most {@link #CACHE_LIFETIME} ago): what {@code /oauth2/authorize} looks up.
     */
    public Optional<Client> find(String id) {
        return id == null || id.equals(WEB) ? Optional.empty() : cached(id);
    }

    /**
     * A client that may sign users in and refresh without a secret: the built-in web client or a
     * registered public one. A confidential client is not found here: it authenticates with its
     * secret ({@link #authenticate}) or not at all.
     */
    public Optional<Client> findPublic(String id) {
        if (id == null || id.equals(WEB)) {
            return Optional.of(new Client(WEB, null, Set.of(), Instant.EPOCH));
        }
        return store.find(id).filter(client -> !client.isConfidential());
    }

    /**
     * A registered client by id, whatever its kind, for callers that authenticate it themselves
     * (a signed client assertion); never the built-in {@value #WEB}.
     */
    public Optional<Client> findRegistered(String id) {
        return id == null || id.equals(WEB) ? Optional.empty() : cached(id);
    }

    /**
     * The audience a token for this client will carry: the requested one if the client may have
     * it, the default one when none is requested.
     */
    public String audienceFor(Client client, String requested) {
        String audience = requested != null ? requested
                : audiences.stream().filter(a -> allows(client, a)).findFirst().orElse(audiences.getFirst());
        if (!allows(client, audience)) {
            throw new InvalidInputException(ErrorCode.INVALID_AUDIENCE, "client '" + client.id()
                    + "' may not ask for audience '" + audience + "'");
        }
        return audience;
    }

    /**
     * Whether sessions of this client may go on: the built-in {@value #WEB} client always, a
     * registered one while it is registered (as this node last read it, at most
     * {@link #CACHE_LIFETIME} ago).
     */
    public boolean isRegistered(String id) {
        return WEB.equals(id) || (id != null && cached(id).isPresent());
    }

    /** A registered client, from the cache when it was read less than {@link #CACHE_LIFETIME} ago. */
    private Optional<Client> cached(String id) {
        Instant now = clock.instant();
        Cached hit = cache.get(id);
        if (hit != null && now.isBefore(hit.readAt().plus(CACHE_LIFETIME))) {
            return Optional.of(hit.client());
        }
        Optional<Client> found = store.find(id);
        if (found.isPresent() && cache.size() < 10_000) {
            cache.put(id, new Cached(found.get(), now));
        }
        return found;
    }

    /**
     * Whether tokens of this audience may be issued to this client or, for a confidential client,
     * introspected by it: a restricted client's own list decides; an unrestricted one gets every
     * configured audience, and the {@linkplain #ACCOUNT_AUDIENCE account audience} if it is public.
     */
    public boolean allows(Client client, String audience) {
        if (!client.audiences().isEmpty()) {
            return client.audiences().contains(audience);
        }
        return audiences.contains(audience) || (audience.equals(ACCOUNT_AUDIENCE) && !client.isConfidential());
    }

    /**
     * Authenticates a confidential client by its secret.
     *
     * @throws NotAuthenticatedException {@code invalid_client}
     */
    public Client authenticate(String id, String secret) {
        Optional<Client> client = id == null ? Optional.empty() : cached(id);
        String expected = client.map(Client::secretHash).orElse(null);
        // Hash even when there is no such client, so both answers take the same time.
        String presented = Secrets.sha256Hex(secret == null ? "" : secret);
        if (expected == null || !Secrets.constantTimeEquals(expected, presented)) {
            throw new NotAuthenticatedException(ErrorCode.INVALID_CLIENT, "client authentication failed");
        }
        return client.get();
    }
}
