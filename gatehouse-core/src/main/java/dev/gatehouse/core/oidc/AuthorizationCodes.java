package dev.gatehouse.core.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.throttle.AttemptCounter;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization codes (RFC 6749 §4.1.2): the approved request sealed (AES-256-GCM) into the code
 * itself, so no node has to store it, and spent once through the shared attempt counter, so a
 * code works once across every node.
 *
 * <p>{@link #redeem} answers what became of a presented code; the caller checks client, redirect
 * URI and PKCE verifier against the {@link Authorization} before issuing anything, and on
 * {@link Redemption.Reused} ends the grant the first presentation started.
 */
public final class AuthorizationCodes {

    /** How long a code works: RFC 6749 §4.1.2 recommends at most ten minutes; one is plenty. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final String CONTEXT = "gatehouse authorization code v1";

    private final Sealer sealer;
    private final AttemptCounter spent;
    private final Clock clock;

    public AuthorizationCodes(Sealer sealer, AttemptCounter spent, Clock clock) {
        this.sealer = sealer;
        this.spent = spent;
        this.clock = clock;
    }

    /** What a presented code turned out to be. */
    public sealed interface Redemption {
        /** First presentation of a live code. {@code codeHash} names the grant to be issued from it. */
        record Valid(Authorization authorization, String codeHash) implements Redemption {
        }

        /** A code presented before: the grant started from {@code codeHash} must end. */
        record Reused(Authorization authorization, String codeHash) implements Redemption {
        }

        /** Not a code of this server, tampered with, or expired. */
        record Invalid(String reason) implements Redemption {
        }
    }

    /** The approved request with an expiry {@link #LIFETIME} from now; what the fields need is up to the caller. */
    public Authorization approve(String clientId, String redirectUri, String codeChallenge, String scope, String nonce,
                                 String accountId, String sessionId) {
        return new Authorization(clientId, redirectUri, codeChallenge, scope, nonce, accountId, sessionId,
                clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.MILLIS));
    }

    /** The code for an approved request. */
    public String issue(Authorization a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("c", a.clientId());
        json.put("r", a.redirectUri());
        json.put("p", a.codeChallenge());
        json.put("s", a.scope());
        if (a.nonce() != null) {
            json.put("n", a.nonce());
        }
        json.put("a", a.accountId());
        json.put("i", a.sessionId());
        json.put("e", a.expiresAt().toEpochMilli());
        // A random value makes two codes for equal requests differ.
        json.put("x", Secrets.randomToken(8));
        byte[] sealed = sealer.seal(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8), CONTEXT);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /** Opens a presented code and spends it. */
    public Redemption redeem(String code) {
        Optional<Authorization> opened = open(code);
        if (opened.isEmpty()) {
            return new Redemption.Invalid("not a code of this server");
        }
        Authorization a = opened.get();
        Instant now = clock.instant();
        String codeHash = Secrets.sha256Hex(code);
        // The window outlives the code, so a presentation after expiry still counts as a second one.
        long presentations = spent.increment("oauth-code:" + codeHash, LIFETIME.multipliedBy(10), now);
        if (presentations > 1) {
            return new Redemption.Reused(a, codeHash);
        }
        if (!now.isBefore(a.expiresAt())) {
            return new Redemption.Invalid("expired");
        }
        return new Redemption.Valid(a, codeHash);
    }

    private Optional<Authorization> open(String code) {
        if (code == null || code.isEmpty() || code.length() > 4096) {
            return Optional.empty();
        }
        try {
            byte[] plain = sealer.open(Base64.getUrlDecoder().decode(code), CONTEXT);
            Map<String, Object> json = JSONObjectUtils.parse(new String(plain, StandardCharsets.UTF_8));
            return Optional.of(new Authorization(JSONObjectUtils.getString(json, "c"), JSONObjectUtils.getString(json, "r"),
                    JSONObjectUtils.getString(json, "p"), JSONObjectUtils.getString(json, "s"),
                    JSONObjectUtils.getString(json, "n"), JSONObjectUtils.getString(json, "a"),
                    JSONObjectUtils.getString(json, "i"), Instant.ofEpochMilli(JSONObjectUtils.getLong(json, "e"))));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
