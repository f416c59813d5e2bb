package dev.gatehouse.server.config;

import java.util.Locale;

/**
 * Every setting Gatehouse reads: its key, default, and what it means. This enum is the one
 * place a setting is declared; {@link Settings} reads them, {@link SettingsDoc} documents them.
 *
 * <p>A key such as {@code session.idle-timeout} is written the same way in {@code gatehouse.yaml}
 * (nested or dotted), as the environment variable {@code GATEHOUSE_SESSION_IDLE_TIMEOUT}, and
 * as the flag {@code --set session.idle-timeout=45m}.
 */
public enum Setting {
    SERVER_HOST("server.host", "127.0.0.1", "Address to listen on."),
    SERVER_PORT("server.port", "8080", "Port to listen on, 0 to 65535 (0 picks a free port)."),
    SERVER_PUBLIC_ORIGIN("server.public-origin", "",
            "Origin browsers use to reach Gatehouse, for example `https://auth.example.com`; "
                    + "cookie-authenticated unsafe requests must come from it. Empty means `http://HOST:PORT`."),
    SERVER_MAX_BODY_BYTES("server.max-body-bytes", "16384", "Largest request body accepted, in bytes (1024 to 10485760)."),
    SERVER_MAX_CONNECTIONS("server.max-connections", "0",
            "Connections served at once, further ones wait in the listen backlog; 0 derives it from the process's "
                    + "open-file limit, keeping a quarter of it (at least 160) for stores, files and the JVM."),
    SERVER_READ_TIMEOUT("server.read-timeout", "20s",
            "How long a request's header section, and then its body, may take to arrive (100ms to 10m); a slower "
                    + "client is cut off, a slow body answered 408 `request_timeout`."),
    SERVER_IDLE_TIMEOUT("server.idle-timeout", "2m",
            "A connection with no request in progress is closed after this long (1s to 1h), which also bounds how long "
                    + "a request line may take; keep it above the idle timeout of a load balancer in front."),
    SERVER_TRUSTED_PROXIES("server.trusted-proxies", "",
            "Comma-separated addresses of reverse proxies whose `X-Forwarded-For` is believed for the client address."),
    STORE_DATA_DIR("store.data-dir", "./data", "Folder of the embedded store (`gatehouse.db`) and the master key file."),
    STORE_BACKEND("store.backend", "sqlite",
            "Where accounts, signing keys, clients and the audit log live (and sessions, unless `store.sessions` is `redis`): `sqlite` (embedded) or `postgres`."),
    STORE_POSTGRES_URL("store.postgres.url", "", "JDBC URL of PostgreSQL, for example `jdbc:postgresql://db.internal:5432/gatehouse`."),
    STORE_POSTGRES_USER("store.postgres.user", "", "PostgreSQL user."),
    STORE_POSTGRES_PASSWORD("store.postgres.password", "", "PostgreSQL password; give it as the environment variable, not in a file."),
    STORE_POSTGRES_READ_TIMEOUT("store.postgres.read-timeout", "5s",
            "Longest wait for PostgreSQL's answer to one statement (1s to 10m, whole seconds): past it the request is answered "
                    + "503 `store_unavailable` and the connection replaced, so a network path that drops packets costs a "
                    + "request this long instead of hanging it. Keep it above the slowest statement (the deletion of expired "
                    + "sessions, each minute, on a large table); a pooled connection is awaited at most 2 s more."),
    STORE_SESSIONS("store.sessions", "sql",
            "Where sessions, refresh-token lineages and the revocation log live: `sql` (the store above) or `redis`."),
    STORE_REDIS_URIS("store.redis.uris", "redis://127.0.0.1:6379",
            "Redis URI (`redis://host:port`, `rediss://` for TLS), or comma-separated seed URIs of a Redis Cluster."),
    STORE_REDIS_CLUSTER("store.redis.cluster", "off", "`on` when `store.redis.uris` names a Redis Cluster."),
    STORE_REDIS_PREFIX("store.redis.prefix", "gh:", "Prefix of every Gatehouse key in Redis, so several installations can share one Redis."),
    SESSION_IDLE_TIMEOUT("session.idle-timeout", "30m", "A session unused this long ends (sliding)."),
    SESSION_ABSOLUTE_TIMEOUT("session.absolute-timeout", "12h", "A session ends this long after sign-in, however active."),
    SESSION_TOUCH_INTERVAL("session.touch-interval", "1m",
            "Last-used is written to the store at most once per this interval (0 writes on every request)."),
    SESSION_MAX_PER_ACCOUNT("session.max-per-account", "50",
            "Active sessions one account may hold (1 to 1000; cookie and token sessions alike); a sign-in beyond it ends "
                    + "the account's oldest sessions (revoke reason `session_limit`). Sign-ins racing on several nodes may "
                    + "leave a few more for a moment; the last of them trims back to it. One sign-in ends at most 100, so an "
                    + "account far above it (a lowered limit) comes down over several sign-ins and as its sessions expire. "
                    + "50 is far above a person's "
                    + "devices and apps, and is the default page of `GET /v1/sessions`, so an unpaged client sees every session."),
    PASSWORD_MEMORY_KIB("password.argon2.memory-kib", "19456", "Argon2id memory per hash in KiB (OWASP minimum 19456)."),
    PASSWORD_ITERATIONS("password.argon2.iterations", "2", "Argon2id passes (OWASP minimum 2 at 19456 KiB)."),
    PASSWORD_PARALLELISM("password.argon2.parallelism", "1", "Argon2id lanes, 1 to 16."),
    PASSWORD_HASHING_THREADS("password.hashing-threads", "0",
            "Password hashes computed at once; 0 means one per processor."),
    PASSWORD_MAX_ATTEMPTS("password.max-attempts", "10",
            "Sign-in attempts allowed per account and client (an IPv4 address, an IPv6 /64) per window, counted until one succeeds; "
                    + "beyond it that client is answered 429 for that account until the window ends; 0 turns this limit off."),
    PASSWORD_ATTEMPT_WINDOW("password.attempt-window", "15m",
            "The window of `password.max-attempts` and `password.account-lock-after` (at most 1d)."),
    PASSWORD_ACCOUNT_LOCK_AFTER("password.account-lock-after", "20",
            "Sign-in attempts allowed per account from all clients together per `password.attempt-window`, counted until one "
                    + "succeeds; beyond it the account refuses every sign-in (429) for a short lock, then counts anew. Above "
                    + "`password.max-attempts`, so a single guesser meets its own limit first; 0 turns this limit off."),
    PASSWORD_ACCOUNT_LOCK("password.account-lock", "1m",
            "How long the first lock of `password.account-lock-after` lasts; each further lock of the account within a day "
                    + "lasts twice as long as the one before, up to `password.account-lock-max`."),
    PASSWORD_ACCOUNT_LOCK_MAX("password.account-lock-max", "15m",
            "The longest lock (at most 1d): once guessing stops, the owner waits at most this long."),
    PASSWORD_ADDRESS_MAX_FAILURES("password.address-max-failures", "300",
            "Failed sign-ins allowed per hour from one client (an IPv4 address, an IPv6 /64) over all accounts, against "
                    + "password spraying; beyond it the client is answered 429 until the hour ends; 0 turns this limit off. "
                    + "Only failures count: an office of a thousand people behind one NAT, one sign-in in ten mistyped, "
                    + "makes a few dozen in its busiest hour, and 300 leaves it several times that, while a sprayer gets "
                    + "300 guesses an hour instead of thousands a minute."),
    PASSWORD_HASHING_QUEUE("password.hashing-queue", "64",
            "Sign-ins that may wait for a hashing thread; beyond that a sign-in is answered 503 with Retry-After. "
                    + "One client (an IPv4 address, an IPv6 /64) may hold a quarter of the threads and queue together."),
    MFA_REQUIRED("mfa.required", "none",
            "Which accounts must have a second factor (an authenticator app or a passkey): `none` (each account's "
                    + "choice), `admin` (accounts with the admin role) or `all`. A required account without one is "
                    + "refused sign-in (403 `mfa_enrollment_required`) until it enrols one; the sign-in page leads there."),
    TOKENS_ISSUER("tokens.issuer", "", "The `iss` of access tokens and the issuer in the metadata; empty means the public origin."),
    TOKENS_AUDIENCES("tokens.audiences", "api",
            "Comma-separated audiences access tokens may be issued for; the first is the default."),
    TOKENS_ACCESS_LIFETIME("tokens.access-token-lifetime", "10m", "How long an access token is valid (30s to 1h)."),
    TOKENS_REFRESH_GRACE("tokens.refresh-grace", "10s",
            "How long the previous refresh token still yields the same new one (parallel tabs, lost answers); 0 allowed, at most 2m."),
    TOKENS_CLOCK_SKEW("tokens.clock-skew", "60s", "Clock difference tolerated when checking token times (at most 5m)."),
    KEYS_ALGORITHM("keys.algorithm", "RS256", "Algorithm of new signing keys: RS256, ES256 or EdDSA."),
    KEYS_ROTATION_INTERVAL("keys.rotation-interval", "30d", "A new signing key is made when the newest is this old; 0 turns scheduled rotation off."),
    KEYS_JWKS_CACHE_LIFETIME("keys.jwks-cache-lifetime", "5m",
            "Cache lifetime announced for the JWKS; a new key is published this long before it signs."),
    REVOCATIONS_MAX_STREAMS("revocations.max-streams", "1000",
            "Revocation streams (`/v1/revocations/stream`) one node serves at once, over all clients (1 to 100000); "
                    + "beyond it a new stream is answered 503 `too_many_streams` with Retry-After."),
    REVOCATIONS_MAX_STREAMS_PER_CLIENT("revocations.max-streams-per-client", "100",
            "Revocation streams one registered client may hold open on one node at once (1 to 100000; each verifier "
                    + "instance holds one); beyond it a new stream is answered 503 `too_many_streams` with Retry-After."),
    PAGES_RETURN_ORIGINS("pages.return-origins", "",
            "Comma-separated origins (such as `https://app.example.com`) besides Gatehouse's own that the sign-in page may "
                    + "send the browser back to (`return_to`); any other target lands on `/account`."),
    PAGES_REAUTH_AFTER("pages.reauth-after", "10m",
            "The sensitive actions of the admin pages (passwords, roles, locks, second factors, keys, clients) need the "
                    + "last authentication (the password or a second factor) to be more recent than this; an older one is "
                    + "asked again on `/step-up` (1m to 12h)."),
    WEBAUTHN_RP_ID("webauthn.rp-id", "",
            "The WebAuthn relying-party id passkeys are registered for: the public origin's host or a parent domain of it "
                    + "(`example.com` for `https://auth.example.com`), never an IP address. Empty means the public origin's host, "
                    + "or `localhost` when that is an IP address. Passkeys registered for one id do not work for another."),
    WEBAUTHN_ORIGINS("webauthn.origins", "",
            "Comma-separated origins whose pages may register and use passkeys. Empty means the public origin, and with "
                    + "`webauthn.rp-id` `localhost` also `http://localhost` on the public origin's port."),
    WEBAUTHN_RP_NAME("webauthn.rp-name", "Gatehouse", "The name browsers and authenticators show for the relying party."),
    LOG_LEVEL("log.level", "info", "Log level: error, warn, info, debug."),
    LOG_ACCESS("log.access", "on",
            "One JSON line per request on the `gatehouse.access` logger (on or off); see docs/operations.md.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that sets it, for example {@code GATEHOUSE_SESSION_IDLE_TIMEOUT}. */
    public String environmentVariable() {
        return "GATEHOUSE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Whether a value may carry a password (URLs with credentials), so that no message repeats it. */
    public boolean mayHoldSecret() {
        return this == STORE_POSTGRES_URL || this == STORE_POSTGRES_PASSWORD || this == STORE_REDIS_URIS;
    }

    /** The setting with this key, or null. */
    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
