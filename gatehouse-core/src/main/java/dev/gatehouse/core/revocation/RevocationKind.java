package dev.gatehouse.core.revocation;

/** What a revocation names. The wire names are stable: verifiers switch on them. */
public enum RevocationKind {
    /** A session ({@code sid}): every token of it is refused. */
    SESSION("session"),
    /** An account: every token of it issued before the revocation is refused. */
    ACCOUNT("account"),
    /** One access token, by its {@code jti}. */
    TOKEN("token");

    private final String wireName;

    RevocationKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
