package dev.gatehouse.core.memory;

import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.mfa.FactorStore;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.TotpFactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reference implementation of {@link FactorStore}. For tests. */
public final class InMemoryFactorStore implements FactorStore {

    private final Map<String, TotpFactor> totp = new HashMap<>();
    /** Per account: code hash to the time it was spent, or absent while unspent. */
    private final Map<String, Map<String, Instant>> recoveryCodes = new HashMap<>();
    private final Map<String, Passkey> passkeys = new LinkedHashMap<>();

    @Override
    public synchronized boolean putTotp(TotpFactor factor) {
        TotpFactor existing = totp.get(factor.accountId());
        if (existing != null && existing.isConfirmed()) {
            return false;
        }
        totp.put(factor.accountId(), factor);
        return true;
    }

    @Override
    public synchronized Optional<TotpFactor> findTotp(String accountId) {
        return Optional.ofNullable(totp.get(accountId));
    }

    @Override
    public synchronized boolean confirmTotp(String accountId, long step, Instant at) {
        TotpFactor f = totp.get(accountId);
        if (f == null || f.isConfirmed()) {
            return false;
        }
        totp.put(accountId, new TotpFactor(accountId, f.sealedSecret(), f.createdAt(), at, step));
        return true;
    }

    @Override
    public synchronized boolean spendTotpStep(String accountId, long step) {
        TotpFactor f = totp.get(accountId);
        if (f == null || !f.isConfirmed() || step <= f.lastStep()) {
            return false;
        }
        totp.put(accountId, new TotpFactor(accountId, f.sealedSecret(), f.createdAt(), f.confirmedAt(), step));
        return true;
    }

    @Override
    public synchronized boolean deleteTotp(String accountId) {
        return totp.remove(accountId) != null;
    }

    @Override
    public synchronized void replaceRecoveryCodes(String accountId, List<String> codeHashes, Instant at) {
        Map<String, Instant> codes = new HashMap<>();
        codeHashes.forEach(h -> codes.put(h, null));
        recoveryCodes.put(accountId, codes);
    }

    @Override
    public synchronized boolean spendRecoveryCode(String accountId, String codeHash, Instant at) {
        Map<String, Instant> codes = recoveryCodes.get(accountId);
        if (codes == null || !codes.containsKey(codeHash) || codes.get(codeHash) != null) {
            return false;
        }
        codes.put(codeHash, at);
        return true;
    }

    @Override
    public synchronized int recoveryCodesLeft(String accountId) {
        Map<String, Instant> codes = recoveryCodes.get(accountId);
        return codes == null ? 0 : (int) codes.values().stream().filter(v -> v == null).count();
    }

    @Override
    public synchronized void addPasskey(Passkey passkey) {
        if (passkeys.putIfAbsent(passkey.credentialId(), passkey) != null) {
            throw new ConflictException(ErrorCode.PASSKEY_EXISTS, "a passkey with this credential id is registered");
        }
    }

    @Override
    public synchronized Optional<Passkey> findPasskey(String credentialId) {
        return Optional.ofNullable(passkeys.get(credentialId));
    }

    @Override
    public synchronized List<Passkey> passkeys(String accountId) {
        List<Passkey> out = new ArrayList<>();
        passkeys.values().stream().filter(p -> p.accountId().equals(accountId))
                .sorted(Comparator.comparing(Passkey::createdAt)).forEach(out::add);
        return out;
    }

    @Override
    public synchronized boolean recordPasskeyUse(String credentialId, long signCount, boolean backedUp,
                                                 boolean uvInitialized, Instant at) {
        Passkey p = passkeys.get(credentialId);
        if (p == null) {
            return false;
        }
        passkeys.put(credentialId, new Passkey(p.credentialId(), p.accountId(), p.name(), p.credentialData(), signCount,
                uvInitialized, p.backupEligible(), backedUp, p.transports(), p.createdAt(), at));
        return true;
    }

    @Override
    public synchronized boolean renamePasskey(String accountId, String credentialId, String name) {
        Passkey p = passkeys.get(credentialId);
        if (p == null || !p.accountId().equals(accountId)) {
            return false;
        }
        passkeys.put(credentialId, new Passkey(p.credentialId(), p.accountId(), name, p.credentialData(), p.signCount(),
                p.uvInitialized(), p.backupEligible(), p.backedUp(), p.transports(), p.createdAt(), p.lastUsedAt()));
        return true;
    }

    @Override
    public synchronized boolean deletePasskey(String accountId, String credentialId) {
        Passkey p = passkeys.get(credentialId);
        return p != null && p.accountId().equals(accountId) && passkeys.remove(credentialId) != null;
    }

    @Override
    public synchronized int deleteAll(String accountId) {
        int removed = totp.remove(accountId) != null ? 1 : 0;
        Map<String, Instant> codes = recoveryCodes.remove(accountId);
        removed += codes == null ? 0 : 1;
        List<String> ids = passkeys.values().stream().filter(p -> p.accountId().equals(accountId))
                .map(Passkey::credentialId).toList();
        ids.forEach(passkeys::remove);
        return removed + ids.size();
    }
}
