package dev.gatehouse.core.token;

import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.token.rules.KeyResolver;
import dev.gatehouse.token.rules.KeySet;
import dev.gatehouse.token.rules.VerificationKey;
import dev.gatehouse.verifier.UnknownKeyException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's keys as the rulebook sees them: a key is usable while {@link SigningKeys}
 * publishes it, read through the same key rules ({@link KeySet}) a resource server applies to
 * the JWKS, so the server accepts no key a verifier would refuse.
 *
 * <p>A kid is random and names one key for ever, so its parsed key is kept; whether it is
 * still published is asked of {@link SigningKeys} on every call.
 */
final class PublishedKeys implements KeyResolver {

    /** More keys than a node ever publishes at once; past it the parsed keys are simply parsed again. */
    private static final int MAX_PARSED = 64;

    private final SigningKeys keys;
    private final Map<String, VerificationKey> parsed = new ConcurrentHashMap<>();

    PublishedKeys(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public VerificationKey resolve(String kid) {
        String jwk = keys.verificationKey(kid).orElseThrow(() -> new UnknownKeyException(
                "kid is not one of the published signing keys")).toJSONString();
        VerificationKey key = parsed.get(kid);
        if (key == null) {
            key = parse(kid, jwk);
            if (parsed.size() >= MAX_PARSED) {
                parsed.clear();
            }
            parsed.put(kid, key);
        }
        return key;
    }

    @Override
    public boolean isPublished(String kid) {
        return keys.verificationKey(kid).isPresent();
    }

    private static VerificationKey parse(String kid, String jwk) {
        KeySet set;
        try {
            set = KeySet.parse("{\"keys\":[" + jwk + "]}");
        } catch (KeySet.KeySetException e) {
            throw new IllegalStateException("published key " + kid + " is refused by the token rules: "
                    + e.getMessage());
        }
        return set.key(kid).orElseThrow(() -> new IllegalStateException("published key " + kid
                + " is not usable by the token rules: " + set.unusableReason(kid).orElse("not in the set")));
    }
}
