package dev.gatehouse.core.mfa;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.AuthMethod;

/**
 * A passkey sign-in that succeeded: whose passkey it was and what it proved.
 *
 * @param method {@link AuthMethod#DEVICE_PASSKEY} for a passkey bound to one device, {@link
 *               AuthMethod#SYNCED_PASSKEY} for one that may be synced (backup-eligible)
 */
public record PasskeySignIn(Account account, AuthMethod method) {
}
