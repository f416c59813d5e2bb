package dev.gatehouse.core.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the revocation log.
 *
 * @param seq          position in the log, strictly increasing, assigned by the store
 * @param kind         what {@code id} names
 * @param id           the session id, account id or token id
 * @param revokedAt    when; for {@link RevocationKind#ACCOUNT}, tokens issued before this are refused
 * @param forgetAfter  when no token the entry could match can still be valid, so verifiers and
 *                     the store may drop it (revocation time plus the longest access-token lifetime)
 */
public record Revocation(long seq, RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {

    public Revocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
    }
}
