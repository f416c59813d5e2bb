package dev.gatehouse.core.oidc;

import java.util.List;
import java.util.Optional;

/** Storage port for consents: one per account and client. */
public interface ConsentStore {

    /** Stores a consent, replacing the account's earlier consent to the same client. */
    void put(Consent consent);

    Optional<Consent> find(String accountId, String clientId);

    /** An account's consents, ordered by client id. */
    List<Consent> list(String accountId);

    /** Withdraws a consent; false when there was none. */
    boolean delete(String accountId, String clientId);

    /** Withdraws every consent to a client (the client was deleted); returns how many. */
    int deleteForClient(String clientId);
}
