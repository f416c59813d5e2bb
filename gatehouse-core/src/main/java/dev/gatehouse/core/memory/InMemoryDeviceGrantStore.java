package dev.gatehouse.core.memory;

import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.core.oidc.DeviceGrant.Status;
import dev.gatehouse.core.oidc.DeviceGrantStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reference implementation of {@link DeviceGrantStore}. For tests. */
public final class InMemoryDeviceGrantStore implements DeviceGrantStore {

    private final Map<String, DeviceGrant> byHash = new HashMap<>();

    @Override
    public synchronized boolean create(DeviceGrant grant) {
        Optional<DeviceGrant> taken = findByUserCode(grant.userCode());
        if (taken.isPresent() && !taken.get().isExpiredAt(grant.createdAt())) {
            return false;
        }
        taken.ifPresent(old -> byHash.remove(old.deviceCodeHash()));
        byHash.put(grant.deviceCodeHash(), grant);
        return true;
    }

    @Override
    public synchronized Optional<DeviceGrant> findByUserCode(String userCode) {
        return byHash.values().stream().filter(g -> g.userCode().equals(userCode)).findFirst();
    }

    @Override
    public synchronized boolean decide(String userCode, boolean approve, String accountId, String sessionId,
                                       Instant now) {
        Optional<DeviceGrant> found = findByUserCode(userCode);
        if (found.isEmpty() || found.get().status() != Status.PENDING || found.get().isExpiredAt(now)) {
            return false;
        }
        DeviceGrant g = found.get();
        byHash.put(g.deviceCodeHash(), new DeviceGrant(g.deviceCodeHash(), g.userCode(), g.clientId(), g.scope(),
                g.createdAt(), g.expiresAt(), approve ? Status.APPROVED : Status.DENIED, accountId,
                approve ? sessionId : null, g.lastPolledAt()));
        return true;
    }

    @Override
    public synchronized Optional<DeviceGrant> poll(String deviceCodeHash, Instant now) {
        DeviceGrant g = byHash.get(deviceCodeHash);
        if (g != null) {
            byHash.put(deviceCodeHash, new DeviceGrant(g.deviceCodeHash(), g.userCode(), g.clientId(), g.scope(),
                    g.createdAt(), g.expiresAt(), g.status(), g.accountId(), g.sessionId(), now));
        }
        return Optional.ofNullable(g);
    }

    @Override
    public synchronized boolean redeem(String deviceCodeHash) {
        DeviceGrant g = byHash.get(deviceCodeHash);
        if (g == null || g.status() != Status.APPROVED) {
            return false;
        }
        byHash.put(deviceCodeHash, new DeviceGrant(g.deviceCodeHash(), g.userCode(), g.clientId(), g.scope(),
                g.createdAt(), g.expiresAt(), Status.REDEEMED, g.accountId(), g.sessionId(), g.lastPolledAt()));
        return true;
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        int before = byHash.size();
        byHash.values().removeIf(g -> g.isExpiredAt(now));
        return before - byHash.size();
    }
}
