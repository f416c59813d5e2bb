package dev.gatehouse.core.mfa;

import java.util.List;
import java.util.Set;

/**
 * An account's second factors as its owner and administrators see them; no secrets.
 *
 * @param totp              whether a confirmed authenticator app is enrolled
 * @param recoveryCodesLeft unspent recovery codes
 * @param passkeys          registered passkeys, oldest first
 */
public record FactorSummary(boolean totp, int recoveryCodesLeft, List<Passkey> passkeys) {

    public FactorSummary {
        passkeys = List.copyOf(passkeys);
    }

    /** The factors that can complete a sign-in now. */
    public Set<FactorKind> usable() {
        java.util.EnumSet<FactorKind> usable = java.util.EnumSet.noneOf(FactorKind.class);
        if (totp) {
            usable.add(FactorKind.TOTP);
        }
        if (recoveryCodesLeft > 0) {
            usable.add(FactorKind.RECOVERY_CODE);
        }
        if (!passkeys.isEmpty()) {
            usable.add(FactorKind.PASSKEY);
        }
        return Set.copyOf(usable);
    }

    /** Whether the account has a second factor that signs in (recovery codes alone do not count). */
    public boolean hasSecondFactor() {
        return totp || !passkeys.isEmpty();
    }
}
