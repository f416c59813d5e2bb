package dev.gatehouse.server.config;

import dev.gatehouse.core.mfa.MfaPolicy;
import dev.gatehouse.core.password.Argon2Cost;
import dev.gatehouse.core.throttle.SignInLimits;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.session.SessionPolicy;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.mfa.WebAuthnRelyingParty;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All of Gatehouse's settings, typed and validated once at start-up. Immutable.
 *
 * <p>Values come from {@link SettingsLoader}: defaults, then {@code gatehouse.yaml}, then
 * {@code GATEHOUSE_*} environment variables, then flags. Any value that cannot be used stops
 * start-up with an {@link InvalidSettingException} naming the setting and the allowed values.
 */
public record Settings(String host, int port, String publicOrigin, int maxBodyBytes, ConnectionLimits connections,
                       Set<String> trustedProxies,
                       Path dataDirectory, SessionPolicy sessionPolicy, Argon2Cost argon2, int hashingThreads,
                       int hashingQueue, SignInLimits signInLimits, TokenSettings tokens, StoreSettings store, System.Logger.Level logLevel,
                       boolean accessLog, StreamLimits revocationStreams, PageSettings pages, MfaPolicy mfaPolicy,
                       WebAuthnRelyingParty webAuthn) {

    /** How many revocation streams one node serves at once: in all, and per client. */
    public record StreamLimits(int total, int perClient) {
    }

    public Settings {
        trustedProxies = Set.copyOf(trustedProxies);
    }

    /** Settings with every default. */
    public static Settings defaults() {
        return from(new EnumMap<>(Setting.class));
    }

    /** Builds settings from raw values (missing ones take their defaults), validating each. */
    public static Settings from(Map<Setting, String> raw) {
        Reader r = new Reader(raw);
        String host = r.text(Setting.SERVER_HOST);
        int port = r.integer(Setting.SERVER_PORT, 0, 65535);
        String origin = r.origin(Setting.SERVER_PUBLIC_ORIGIN, host, port);
        int maxBody = r.integer(Setting.SERVER_MAX_BODY_BYTES, 1024, 10 * 1024 * 1024);
        int maxConnections = r.integer(Setting.SERVER_MAX_CONNECTIONS, 0, 10_000_000);
        if (maxConnections == 0) {
            maxConnections = ConnectionLimits.connectionsFor(ConnectionLimits.descriptorLimit());
        }
        ConnectionLimits connections = new ConnectionLimits(maxConnections,
                r.bounded(Setting.SERVER_READ_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10)),
                r.bounded(Setting.SERVER_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)));
        Set<String> proxies = Set.copyOf(r.list(Setting.SERVER_TRUSTED_PROXIES));
        Path data = r.path(Setting.STORE_DATA_DIR);
        Duration idle = r.duration(Setting.SESSION_IDLE_TIMEOUT);
        Duration absolute = r.duration(Setting.SESSION_ABSOLUTE_TIMEOUT);
        Duration touch = r.duration(Setting.SESSION_TOUCH_INTERVAL);
        int maxSessions = r.integer(Setting.SESSION_MAX_PER_ACCOUNT, SessionPolicy.MIN_PER_ACCOUNT, SessionPolicy.MAX_PER_ACCOUNT);
        SessionPolicy policy = r.build(Setting.SESSION_TOUCH_INTERVAL,
                () -> new SessionPolicy(idle, absolute, touch, maxSessions));
        int memory = r.integer(Setting.PASSWORD_MEMORY_KIB, 8, 4 * 1024 * 1024);
        int iterations = r.integer(Setting.PASSWORD_ITERATIONS, 1, 100);
        int parallelism = r.integer(Setting.PASSWORD_PARALLELISM, 1, 16);
        Argon2Cost cost = r.build(Setting.PASSWORD_MEMORY_KIB, () -> new Argon2Cost(memory, iterations, parallelism));
        int threads = r.integer(Setting.PASSWORD_HASHING_THREADS, 0, 1024);
        if (threads == 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        int queue = r.integer(Setting.PASSWORD_HASHING_QUEUE, 0, 100_000);
        int maxAttempts = r.integer(Setting.PASSWORD_MAX_ATTEMPTS, 0, 1_000_000);
        Duration attemptWindow = r.bounded(Setting.PASSWORD_ATTEMPT_WINDOW, Duration.ofSeconds(1), Duration.ofDays(1));
        int lockAfter = r.integer(Setting.PASSWORD_ACCOUNT_LOCK_AFTER, 0, 1_000_000);
        Duration lock = r.bounded(Setting.PASSWORD_ACCOUNT_LOCK, Duration.ofSeconds(1), Duration.ofDays(1));
        Duration maxLock = r.bounded(Setting.PASSWORD_ACCOUNT_LOCK_MAX, Duration.ofSeconds(1), Duration.ofDays(1));
        int addressFailures = r.integer(Setting.PASSWORD_ADDRESS_MAX_FAILURES, 0, 1_000_000);
        SignInLimits limits = r.build(Setting.PASSWORD_ACCOUNT_LOCK_MAX,
                () -> new SignInLimits(maxAttempts, attemptWindow, lockAfter, lock, maxLock, addressFailures));
        String issuer = r.text(Setting.TOKENS_ISSUER);
        TokenSettings tokens = new TokenSettings(issuer.isEmpty() ? origin : r.origin(Setting.TOKENS_ISSUER, host, port),
                r.audiences(Setting.TOKENS_AUDIENCES),
                r.bounded(Setting.TOKENS_ACCESS_LIFETIME, Duration.ofSeconds(30), Duration.ofHours(1)),
                r.bounded(Setting.TOKENS_REFRESH_GRACE, Duration.ZERO, Duration.ofMinutes(2)),
                r.bounded(Setting.TOKENS_CLOCK_SKEW, Duration.ZERO, Duration.ofMinutes(5)),
                r.algorithm(Setting.KEYS_ALGORITHM),
                r.bounded(Setting.KEYS_ROTATION_INTERVAL, Duration.ZERO, Duration.ofDays(3650)),
                r.bounded(Setting.KEYS_JWKS_CACHE_LIFETIME, Duration.ZERO, Duration.ofDays(1)));
        StoreSettings store = r.store(data);
        System.Logger.Level level = r.logLevel(Setting.LOG_LEVEL);
        boolean accessLog = r.onOff(Setting.LOG_ACCESS);
        StreamLimits streams = new StreamLimits(r.integer(Setting.REVOCATIONS_MAX_STREAMS, 1, 100_000),
                r.integer(Setting.REVOCATIONS_MAX_STREAMS_PER_CLIENT, 1, 100_000));
        List<String> returnOrigins = new ArrayList<>();
        for (String o : r.list(Setting.PAGES_RETURN_ORIGINS)) {
            returnOrigins.add(r.origin(Setting.PAGES_RETURN_ORIGINS, o));
        }
        PageSettings pages = new PageSettings(returnOrigins,
                r.bounded(Setting.PAGES_REAUTH_AFTER, Duration.ofMinutes(1), Duration.ofHours(12)));
        return new Settings(host, port, origin, maxBody, connections, proxies, data, policy, cost, threads, queue,
                limits, tokens, store, level, accessLog, streams, pages, r.mfaPolicy(Setting.MFA_REQUIRED),
                r.webAuthn(origin));
    }

    /** Parses and validates raw values; every failure names the setting. */
    private record Reader(Map<Setting, String> raw) {

        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

        String text(Setting s) {
            String value = raw.get(s);
            return value == null ? s.defaultValue() : value.strip();
        }

        Path path(Setting s) {
            String value = text(s);
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw invalid(s, value, "a path of this system (" + e.getReason() + ")");
            }
        }

        int integer(Setting s, int min, int max) {
            String value = text(s);
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(s, value, "a whole number from " + min + " to " + max);
        }

        Duration duration(Setting s) {
            String value = text(s);
            Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw invalid(s, value, "a duration such as 500ms, 30s, 15m, 12h, 7d or PT30M");
            }
        }

        Duration bounded(Setting s, Duration min, Duration max) {
            Duration d = duration(s);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw invalid(s, text(s), "a duration from " + min + " to " + max);
            }
            return d;
        }

        /** A bounded duration the consumer takes in seconds, so that nothing is silently rounded. */
        Duration wholeSeconds(Setting s, Duration min, Duration max) {
            Duration d = bounded(s, min, max);
            if (d.toMillisPart() != 0) {
                throw invalid(s, text(s), "whole seconds from " + min + " to " + max);
            }
            return d;
        }

        List<String> audiences(Setting s) {
            List<String> values = list(s);
            if (values.isEmpty() || values.stream().anyMatch(v -> !v.matches("[\\x21-\\x7e]{1,200}"))) {
                throw invalid(s, text(s), "a comma-separated list of at least one audience (printable, no spaces)");
            }
            if (values.contains(Clients.ACCOUNT_AUDIENCE)) {
                throw invalid(s, text(s), "audiences of resource servers; '" + Clients.ACCOUNT_AUDIENCE
                        + "' is reserved for Gatehouse's own account API");
            }
            return values;
        }

        StoreSettings store(Path data) {
            StoreSettings.Backend backend = switch (text(Setting.STORE_BACKEND).toLowerCase(Locale.ROOT)) {
                case "sqlite" -> StoreSettings.Backend.SQLITE;
                case "postgres", "postgresql" -> StoreSettings.Backend.POSTGRES;
                default -> throw invalid(Setting.STORE_BACKEND, text(Setting.STORE_BACKEND), "one of sqlite, postgres");
            };
            String url = text(Setting.STORE_POSTGRES_URL);
            if (backend == StoreSettings.Backend.POSTGRES && !url.startsWith("jdbc:postgresql:")) {
                throw invalid(Setting.STORE_POSTGRES_URL, url, "a JDBC URL starting with jdbc:postgresql: (needed by store.backend=postgres)");
            }
            boolean redis = switch (text(Setting.STORE_SESSIONS).toLowerCase(Locale.ROOT)) {
                case "sql" -> false;
                case "redis" -> true;
                default -> throw invalid(Setting.STORE_SESSIONS, text(Setting.STORE_SESSIONS), "one of sql, redis");
            };
            List<String> uris = list(Setting.STORE_REDIS_URIS);
            if (redis && (uris.isEmpty() || uris.stream().anyMatch(u -> !u.startsWith("redis://") && !u.startsWith("rediss://")))) {
                throw invalid(Setting.STORE_REDIS_URIS, text(Setting.STORE_REDIS_URIS),
                        "one or more URIs starting with redis:// or rediss://");
            }
            boolean cluster = onOff(Setting.STORE_REDIS_CLUSTER);
            if (redis && !cluster && uris.size() > 1) {
                throw invalid(Setting.STORE_REDIS_URIS, text(Setting.STORE_REDIS_URIS),
                        "one URI for standalone Redis; several are the seed nodes of a cluster (store.redis.cluster=on)");
            }
            return new StoreSettings(backend, data, url, text(Setting.STORE_POSTGRES_USER),
                    text(Setting.STORE_POSTGRES_PASSWORD), wholeSeconds(Setting.STORE_POSTGRES_READ_TIMEOUT,
                    Duration.ofSeconds(1), Duration.ofMinutes(10)), redis, uris, cluster, text(Setting.STORE_REDIS_PREFIX));
        }

        KeyAlgorithm algorithm(Setting s) {
            for (KeyAlgorithm a : KeyAlgorithm.values()) {
                if (a.name().equalsIgnoreCase(text(s))) {
                    return a;
                }
            }
            throw invalid(s, text(s), "one of RS256, ES256, EdDSA");
        }

        /** The comma-separated values of {@code s}, in order, without blanks or repeats. */
        List<String> list(Setting s) {
            return Arrays.stream(text(s).split(",")).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
        }

        String origin(Setting s, String host, int port) {
            String value = text(s);
            if (value.isEmpty()) {
                String derived = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
                try {
                    if (URI.create(derived).getHost() != null) {
                        return derived;
                    }
                } catch (IllegalArgumentException e) {
                    // reported below: the public origin, its issuer and the passkeys' site all derive from it
                }
                throw invalid(Setting.SERVER_HOST, host, "a host name or an IP address");
            }
            return origin(s, value);
        }

        String origin(Setting s, String value) {
            try {
                URI uri = URI.create(value);
                boolean ok = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                        && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
                        && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
                if (ok) {
                    return value.toLowerCase(Locale.ROOT);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw invalid(s, value, "an origin: scheme http or https, host and optional port, no path");
        }

        /** The relying party; its defaults follow the public origin, since a passkey is bound to a domain. */
        WebAuthnRelyingParty webAuthn(String publicOrigin) {
            URI origin = URI.create(publicOrigin);
            boolean ipOrigin = origin.getHost().startsWith("[") || origin.getHost().matches("[0-9.]+");
            String host = ipOrigin ? "localhost" : origin.getHost();
            String id = text(Setting.WEBAUTHN_RP_ID).toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                id = host;
            } else if (!id.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
                    || id.matches("[0-9.]+")) {
                throw invalid(Setting.WEBAUTHN_RP_ID, id, "a domain name such as example.com or localhost (not an IP address)");
            }
            List<String> origins = new ArrayList<>();
            for (String o : list(Setting.WEBAUTHN_ORIGINS)) {
                origins.add(origin(Setting.WEBAUTHN_ORIGINS, o));
            }
            if (origins.isEmpty()) {
                origins.add(publicOrigin);
                if (id.equals("localhost")) {
                    origins.add("http://localhost" + (origin.getPort() == -1 ? "" : ":" + origin.getPort()));
                }
            }
            for (String o : origins) {
                String h = URI.create(o).getHost();
                // an address-only public origin stays listed: harmless, since no browser runs a ceremony there
                boolean ownAddress = ipOrigin && o.equals(publicOrigin);
                if (!ownAddress && !h.equals(id) && !h.endsWith("." + id)) {
                    throw invalid(Setting.WEBAUTHN_ORIGINS, String.join(",", origins),
                            "origins on the relying-party id " + id + " or its subdomains (browsers refuse others)");
                }
            }
            String name = text(Setting.WEBAUTHN_RP_NAME);
            if (name.isEmpty() || name.length() > 100) {
                throw invalid(Setting.WEBAUTHN_RP_NAME, name, "a name of 1 to 100 characters");
            }
            return new WebAuthnRelyingParty(id, name, origins);
        }

        System.Logger.Level logLevel(Setting s) {
            String value = text(s).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "error" -> System.Logger.Level.ERROR;
                case "warn" -> System.Logger.Level.WARNING;
                case "info" -> System.Logger.Level.INFO;
                case "debug" -> System.Logger.Level.DEBUG;
                default -> throw invalid(s, value, "one of " + List.of("error", "warn", "info", "debug"));
            };
        }

        MfaPolicy mfaPolicy(Setting s) {
            String value = text(s).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "none" -> MfaPolicy.NONE;
                case "admin" -> MfaPolicy.ADMIN;
                case "all" -> MfaPolicy.ALL;
                default -> throw invalid(s, value, "one of none, admin, all");
            };
        }

        boolean onOff(Setting s) {
            String value = text(s).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw invalid(s, value, "on or off");
            };
        }

        <T> T build(Setting s, java.util.function.Supplier<T> builder) {
            try {
                return builder.get();
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("invalid setting " + s.key() + ": " + e.getMessage());
            }
        }

        private static InvalidSettingException invalid(Setting s, String value, String allowed) {
            String shown = s.mayHoldSecret() ? "the value given (not shown: it may hold a password)" : "'" + value + "'";
            return new InvalidSettingException("invalid setting " + s.key() + " (" + s.environmentVariable()
                    + "): " + shown + " is not " + allowed);
        }
    }
}
