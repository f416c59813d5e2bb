package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.key.KeyMaterial;
import dev.gatehouse.core.key.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The verification of {@link AccessTokens}, check by check, cheapest and least trusting first:
 * shape and size, then the header (RFC 8725: no {@code none}, no keys or key URLs from the token
 * itself, the algorithm fixed by the key not by the token, explicit {@code typ}), then the
 * signature, and only then the claims.
 *
 * <p>Every refusal is a {@link NotAuthenticatedException} with code {@code invalid_token} and a message
 * that names the failed check, with numbers where they help; no part of the token goes into a
 * message except short header values that passed {@link #shown}.
 */
final class AccessTokenCheck {

    /** 8 KiB: far above any token Gatehouse issues, far below what could cost real work to parse. */
    static final int MAX_CHARS = 8 * 1024;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9+/._-]{1,32}");
    /** Headers that would let the token choose its own key, or demand extensions. */
    private static final List<String> FORBIDDEN_HEADERS = List.of("jku", "jwk", "x5u", "x5c", "crit");

    private final SigningKeys keys;
    private final String issuer;
    private final Duration skew;
    private final Clock clock;

    AccessTokenCheck(SigningKeys keys, String issuer, Duration skew, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.skew = skew;
        this.clock = clock;
    }

    AccessTokenClaims verify(String token) {
        if (token == null || token.isEmpty()) {
            throw refused("no token");
        }
        if (token.length() > MAX_CHARS) {
            throw refused("token is " + token.length() + " bytes, more than the " + MAX_CHARS + " allowed");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw refused(parts.length == 5 ? "an encrypted JWE, not a signed JWS"
                    : "not a compact JWS: " + parts.length + " dot-separated parts instead of 3");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw refused("not a compact JWS: a part is not base64url");
            }
        }
        JWK key = checkHeader(header(parts[0]));
        if (parts[2].isEmpty()) {
            throw refused("signature is missing");
        }
        SignedJWT jwt = signed(token);
        if (!signatureValid(jwt, key)) {
            throw refused("signature does not verify with key " + key.getKeyID());
        }
        return claims(jwt);
    }

    private Map<String, Object> header(String encoded) {
        try {
            return JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | ParseException e) {
            throw refused("header is not base64url-encoded JSON");
        }
    }

    /** Returns the published key the header names, once the header is acceptable. */
    private JWK checkHeader(Map<String, Object> header) {
        if (!(header.get("alg") instanceof String alg)) {
            throw refused("header has no alg");
        }
        if (alg.equalsIgnoreCase("none")) {
            throw refused("alg none is refused: access tokens must be signed");
        }
        for (String name : FORBIDDEN_HEADERS) {
            if (header.containsKey(name)) {
                throw refused("header " + name + " is refused: "
                        + (name.equals("crit") ? "no critical extensions are understood" : "keys come only from our JWKS"));
            }
        }
        if (!(header.get("typ") instanceof String typ)) {
            throw refused("header has no typ; access tokens carry typ " + AccessTokens.TYPE + " (RFC 9068)");
        }
        String type = typ.toLowerCase(Locale.ROOT);
        if (!type.equals(AccessTokens.TYPE) && !type.equals("application/" + AccessTokens.TYPE)) {
            throw refused("typ " + shown(typ) + " is not " + AccessTokens.TYPE);
        }
        if (!(header.get("kid") instanceof String kid)) {
            throw refused("header has no kid");
        }
        JWK key = keys.verificationKey(kid)
                .orElseThrow(() -> refused("kid is not one of the published signing keys"));
        // The key decides the algorithm, never the token: this is what stops HS256-with-the-public-key.
        String expected = key.getAlgorithm().getName();
        if (!alg.equals(expected)) {
            throw refused("alg " + shown(alg) + " does not match " + expected + ", the algorithm of key " + kid);
        }
        return key;
    }

    private static SignedJWT signed(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw refused("not a well-formed JWS");
        }
    }

    private static boolean signatureValid(SignedJWT jwt, JWK key) {
        try {
            return jwt.verify(KeyMaterial.verifier(key));
        } catch (JOSEException | IllegalArgumentException e) {
            throw refused("signature could not be checked with key " + key.getKeyID());
        }
    }

    private AccessTokenClaims claims(SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("payload is not a valid claims set (a JSON object with numeric exp, iat and nbf)");
        }
        String iss = string(claims, "iss");
        if (!iss.equals(issuer)) {
            throw refused("iss is not the expected " + issuer);
        }
        List<String> audience = claims.getAudience();
        if (audience.size() != 1) {
            throw refused("aud must name exactly one audience, it names " + audience.size());
        }
        Instant now = clock.instant();
        Instant exp = time(claims.getExpirationTime(), "exp");
        Instant iat = time(claims.getIssueTime(), "iat");
        if (!now.isBefore(exp.plus(skew))) {
            throw refused("expired " + Duration.between(exp, now).toMillis() + " ms ago, allowed skew " + skew.toMillis() + " ms");
        }
        if (iat.isAfter(now.plus(skew))) {
            throw refused("issued " + Duration.between(now, iat).toMillis() + " ms in the future, allowed skew "
                    + skew.toMillis() + " ms");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            throw refused("not valid for another " + Duration.between(now, nbf.toInstant()).toMillis()
                    + " ms (nbf), allowed skew " + skew.toMillis() + " ms");
        }
        Object scope = claims.getClaim("scope");
        if (scope != null && !(scope instanceof String)) {
            throw refused("claim scope is not a string");
        }
        return new AccessTokenClaims(string(claims, "sub"), string(claims, "sid"), string(claims, "client_id"),
                audience.getFirst(), (String) scope, string(claims, "jti"), iat, exp);
    }

    private static String string(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value == null) {
            throw refused("claim " + name + " is missing");
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw refused("claim " + name + " is not a non-empty string");
        }
        return s;
    }

    private static Instant time(Date value, String name) {
        if (value == null) {
            throw refused("claim " + name + " is missing");
        }
        return value.toInstant();
    }

    /** A header value short and plain enough to quote in a message; anything else is not repeated. */
    static String shown(String value) {
        return SHOWABLE.matcher(value).matches() ? value : "(not shown)";
    }

    private static NotAuthenticatedException refused(String why) {
        return new NotAuthenticatedException(ErrorCode.INVALID_TOKEN, "access token refused: " + why);
    }
}
