package dev.gatehouse.core.oidc;

import dev.gatehouse.core.memory.InMemoryConsentStore;
import dev.gatehouse.core.memory.InMemoryDeviceGrantStore;
import dev.gatehouse.core.memory.InMemoryGrantStore;
import dev.gatehouse.core.memory.InMemoryLogoutDeliveryStore;

/**
 * The storage ports of the OpenID provider. They live on the SQL store in every deployment
 * (beside accounts and clients), also where sessions are in Redis.
 *
 * @param grants           which client grants were started from which browser session
 * @param consents         what each account agreed to let each client have
 * @param deviceGrants     pending and decided device authorizations
 * @param logoutDeliveries back-channel logout notices and how far the revocation log was followed
 */
public record OAuthStores(GrantStore grants, ConsentStore consents, DeviceGrantStore deviceGrants,
                          LogoutDeliveryStore logoutDeliveries) {

    public static OAuthStores inMemory() {
        return new OAuthStores(new InMemoryGrantStore(), new InMemoryConsentStore(), new InMemoryDeviceGrantStore(),
                new InMemoryLogoutDeliveryStore());
    }
}
