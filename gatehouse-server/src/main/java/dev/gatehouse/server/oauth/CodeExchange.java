package dev.gatehouse.server.oauth;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.oidc.Authorization;
import dev.gatehouse.core.oidc.AuthorizationCodes;
import dev.gatehouse.core.oidc.AuthorizationCodes.Redemption;
import dev.gatehouse.core.oidc.Grants;
import dev.gatehouse.core.session.RevokeReason;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code grant_type=authorization_code} (RFC 6749 §4.1.3 with PKCE, RFC 7636): the code is
 * spent first, then everything it was issued for is checked against the request: the client,
 * the exact redirect URI, the S256 code verifier. A code presented a second time ends the grant
 * its first presentation started (RFC 6749 §4.1.2: the code was stolen, or the answer to it was).
 */
final class CodeExchange {

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final AuthorizationCodes codes;
    private final Grants grants;
    private final GrantIssuer issuer;
    private final AuditLog audit;
    private final Clock clock;

    CodeExchange(AuthorizationCodes codes, Grants grants, GrantIssuer issuer, AuditLog audit, Clock clock) {
        this.codes = codes;
        this.grants = grants;
        this.issuer = issuer;
        this.audit = audit;
        this.clock = clock;
    }

    void exchange(ServerResponse res, Client client, Map<String, String> form) {
        String code = OAuthExchange.required(form, "code");
        String redirectUri = OAuthExchange.required(form, "redirect_uri");
        String verifier = form.get("code_verifier");
        Redemption.Valid valid = switch (codes.redeem(code)) {
            case Redemption.Valid v -> v;
            case Redemption.Invalid invalid -> throw invalidGrant("the authorization code is invalid or expired");
            case Redemption.Reused reused -> {
                grants.findByCode(reused.codeHash()).ifPresent(g -> grants.end(g, RevokeReason.CODE_REUSED));
                audit.append(AuditEvent.of(clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        AuditType.AUTHORIZATION_CODE_REUSED, reused.authorization().accountId(), null,
                        reused.authorization().sessionId(), null, reused.authorization().clientId()));
                throw invalidGrant("the authorization code was used before; the grant it gave has ended");
            }
        };
        Authorization a = valid.authorization();
        if (!a.clientId().equals(client.id())) {
            throw invalidGrant("the authorization code was issued to another client");
        }
        if (!a.redirectUri().equals(redirectUri)) {
            throw invalidGrant("redirect_uri differs from the authorization request's");
        }
        if (verifier == null || !VERIFIER.matcher(verifier).matches() || !Secrets.constantTimeEquals(s256(verifier),
                a.codeChallenge())) {
            throw invalidGrant("code_verifier is missing or does not match the code challenge");
        }
        issuer.issue(res, client, a.accountId(), a.sessionId(), a.scope(), a.nonce(), valid.codeHash());
    }

    /** The S256 code challenge of a verifier (RFC 7636 §4.2). */
    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static OAuthError invalidGrant(String why) {
        return new OAuthError(OAuthErrorCode.INVALID_GRANT, why);
    }
}
