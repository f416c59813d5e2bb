package dev.gatehouse.verifier;

import dev.gatehouse.token.rules.CheckedToken;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of an access token that passed every check: who ({@code sub}), through which
 * session ({@code sid}) and client, with which scopes, until when. Immutable; also the
 * {@link Principal} the servlet filter exposes, named by the subject.
 *
 * @param issuer    {@code iss}: the Gatehouse that issued it
 * @param subject   {@code sub}: the account id
 * @param audience  {@code aud}: every audience named; contains the verifier's own
 * @param sessionId {@code sid}: the Gatehouse session; revoking it revokes this token
 * @param clientId  {@code client_id}: the client the token was issued to
 * @param tokenId   {@code jti}: unique per token
 * @param scopes    {@code scope}, split on spaces; empty when the claim is absent
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 * @param keyId     {@code kid} of the key that verified the signature
 * @param amr       {@code amr}: how the session's owner proved who they are (RFC 8176: {@code pwd},
 *                  {@code otp}, {@code hwk}, {@code swk}, and {@code mfa} after two factors);
 *                  empty when the token does not say
 * @param authTime  {@code auth_time}: when the owner last proved it, or null when the token does not say
 * @param acr       {@code acr}: {@code 1} for one factor, {@code 2} for two, or null when the token does not say
 */
public record VerifiedToken(String issuer, String subject, List<String> audience, String sessionId, String clientId,
                            String tokenId, Set<String> scopes, Instant issuedAt, Instant expiresAt, String keyId,
                            List<String> amr, Instant authTime, String acr)
        implements Principal {

    /** The RFC 8176 value a token's {@code amr} holds once two factors were proved. */
    public static final String MFA = "mfa";

    /** Copies the collections, so an instance is immutable. */
    public VerifiedToken {
        Objects.requireNonNull(subject, "subject");
        audience = List.copyOf(audience);
        scopes = Set.copyOf(scopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** A token that says nothing of how its session was proved (as issued before Gatehouse wrote it). */
    public VerifiedToken(String issuer, String subject, List<String> audience, String sessionId, String clientId,
                         String tokenId, Set<String> scopes, Instant issuedAt, Instant expiresAt, String keyId) {
        this(issuer, subject, audience, sessionId, clientId, tokenId, scopes, issuedAt, expiresAt, keyId,
                List.of(), null, null);
    }

    /** From a token that passed the rulebook: {@code scope} split on spaces. */
    static VerifiedToken of(CheckedToken t) {
        Set<String> scopes = new LinkedHashSet<>();
        if (t.scope() != null && !t.scope().isBlank()) {
            scopes.addAll(Arrays.asList(t.scope().strip().split(" +")));
        }
        return new VerifiedToken(t.issuer(), t.subject(), t.audience(), t.sessionId(), t.clientId(), t.tokenId(),
                scopes, t.issuedAt(), t.expiresAt(), t.keyId(), t.amr(), t.authTime(), t.acr());
    }

    /** Whether the session's owner proved two factors: {@code amr} contains {@value #MFA}. */
    public boolean isMultiFactor() {
        return amr.contains(MFA);
    }

    /** Whether the token carries this scope. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The subject: the Gatehouse account id. */
    @Override
    public String getName() {
        return subject;
    }

    /** No claim values beyond the subject and session, so it is safe to log. */
    @Override
    public String toString() {
        return "VerifiedToken[sub=" + subject + ", sid=" + sessionId + ", exp=" + expiresAt + "]";
    }
}
