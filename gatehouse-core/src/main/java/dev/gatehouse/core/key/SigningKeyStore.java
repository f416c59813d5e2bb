package dev.gatehouse.core.key;

import java.time.Instant;
import java.util.List;

/** Storage port for signing keys. Shared by every node, so all of them sign and publish alike. */
public interface SigningKeyStore {

    /** Stores a new key. Kids are unique. */
    void add(SigningKey key);

    /** Every stored key, oldest first. */
    List<SigningKey> list();

    /**
     * Marks a key as no longer signing, if it is not retired yet.
     *
     * @return true when this call retired it
     */
    boolean retire(String kid, Instant retiredAt, Instant expiresAt);

    /** Deletes keys whose {@code expiresAt} has passed; returns how many. */
    int deleteExpired(Instant now);
}
