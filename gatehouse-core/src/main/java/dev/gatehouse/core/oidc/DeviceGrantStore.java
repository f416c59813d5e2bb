package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.Optional;

/** Storage port for device authorizations. Every method is one atomic operation. */
public interface DeviceGrantStore {

    /**
     * Stores a new, pending device authorization.
     *
     * @return false when its user code is taken by one that has not expired (the caller draws another)
     */
    boolean create(DeviceGrant grant);

    /** The authorization with this user code, whatever its status. */
    Optional<DeviceGrant> findByUserCode(String userCode);

    /**
     * Approves or denies a pending authorization that has not expired at {@code now}.
     *
     * @param approve   true to approve, false to deny
     * @param sessionId the approving browser session; ignored when denying
     * @return false when it is not pending or has expired (nothing changes)
     */
    boolean decide(String userCode, boolean approve, String accountId, String sessionId, Instant now);

    /**
     * Records a poll by the device and returns the authorization as it was before this poll (so
     * its {@code lastPolledAt} is the previous poll's, for {@code slow_down}).
     */
    Optional<DeviceGrant> poll(String deviceCodeHash, Instant now);

    /**
     * Marks an approved authorization redeemed: tokens are issued for it once.
     *
     * @return false when it is not approved (already redeemed, pending, denied)
     */
    boolean redeem(String deviceCodeHash);

    /** Deletes authorizations that expired before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
