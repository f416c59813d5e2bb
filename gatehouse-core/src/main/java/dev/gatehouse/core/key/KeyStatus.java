package dev.gatehouse.core.key;

import java.time.Duration;
import java.util.Objects;

/**
 * A published signing key as an administrator sees it: where it is in its life, and how old.
 *
 * @param key   the key (its sealed private part stays sealed; show only public fields)
 * @param state where it is in its life now
 * @param age   how long ago it was created
 */
public record KeyStatus(SigningKey key, State state, Duration age) {

    /** Where a published key is in its life. */
    public enum State {
        /** In the JWKS, not signing yet: verifiers are still learning it (one JWKS cache lifetime). */
        PUBLISHED,
        /** The key new tokens are signed with; one at a time. */
        SIGNING,
        /** No longer signing; stays in the JWKS until the tokens it signed have expired. */
        RETIRED
    }

    public KeyStatus {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(age, "age");
    }
}
