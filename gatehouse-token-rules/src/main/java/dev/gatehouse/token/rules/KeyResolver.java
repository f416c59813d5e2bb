package dev.gatehouse.token.rules;

/**
 * Where the rulebook gets keys from: the verifier from the issuer's key set it fetched, the
 * server from its own signing keys. The rulebook never takes a key from a token.
 */
public interface KeyResolver {

    /**
     * The key a token header names, when it is published and usable.
     *
     * @throws dev.gatehouse.verifier.UnknownKeyException when there is no such key (or
     *         {@code KeysUnavailableException} when no key set was ever loaded)
     */
    VerificationKey resolve(String kid);

    /**
     * Whether the key is still published now, from what is already known (no fetching): a
     * cached token is served only while its key is.
     */
    boolean isPublished(String kid);
}
