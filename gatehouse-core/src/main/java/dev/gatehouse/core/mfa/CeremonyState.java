package dev.gatehouse.core.mfa;

import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * What a WebAuthn ceremony must remember between its two calls, kept by the client instead of a
 * store: sealed (AES-GCM under a key only the servers have), so the client can neither read nor
 * change it, and any node can finish what another began. Its {@code id} makes it single-use
 * (through the shared attempt counter, see {@link Passkeys}).
 *
 * @param id        random; the key of its single use
 * @param purpose   which ceremony it belongs to; a state of one is refused by the others
 * @param challenge the 32 random bytes the authenticator signs
 * @param accountId whose ceremony it is, or empty for a passwordless sign-in
 * @param expiresAt when it stops being accepted
 */
record CeremonyState(String id, Purpose purpose, byte[] challenge, String accountId, Instant expiresAt) {

    /** The three ceremonies. */
    enum Purpose { REGISTER, SIGN_IN, SECOND_FACTOR }

    private static final String CONTEXT = "gatehouse webauthn ceremony";
    private static final int MAX_LENGTH = 2000;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    static CeremonyState start(Purpose purpose, String accountId, Instant expiresAt) {
        return new CeremonyState(Secrets.randomToken(16), purpose, Secrets.randomBytes(32), accountId, expiresAt);
    }

    String seal(Sealer sealer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(id);
            out.writeUTF(purpose.name());
            out.writeShort(challenge.length);
            out.write(challenge);
            out.writeUTF(accountId);
            out.writeLong(expiresAt.toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ENCODER.encodeToString(sealer.seal(bytes.toByteArray(), CONTEXT));
    }

    /**
     * Opens a state the client sent back and checks that it is for this ceremony and still
     * valid; not whether it was used (that takes the store).
     *
     * @param accountId the account finishing the ceremony, or null when it is not known yet
     * @throws NotAuthenticatedException {@code invalid_challenge} for anything else
     */
    static CeremonyState open(Sealer sealer, String sealed, Purpose purpose, String accountId, Instant now) {
        if (sealed == null || sealed.isEmpty() || sealed.length() > MAX_LENGTH) {
            throw refused("no ceremony state, or not one of ours");
        }
        CeremonyState state;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                sealer.open(Base64.getUrlDecoder().decode(sealed), CONTEXT)))) {
            String id = in.readUTF();
            Purpose p = Purpose.valueOf(in.readUTF());
            byte[] challenge = in.readNBytes(in.readUnsignedShort());
            state = new CeremonyState(id, p, challenge, in.readUTF(), Instant.ofEpochMilli(in.readLong()));
        } catch (IOException | IllegalArgumentException e) {
            throw refused("the ceremony state was not issued by Gatehouse, or was altered");
        }
        if (state.purpose != purpose) {
            throw refused("the ceremony state belongs to another ceremony");
        }
        if (!now.isBefore(state.expiresAt)) {
            throw refused("the ceremony expired; start again");
        }
        if (accountId != null && !accountId.equals(state.accountId)) {
            throw refused("the ceremony was started for another account");
        }
        return state;
    }

    static NotAuthenticatedException refused(String why) {
        return new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE, why);
    }

    String challengeText() {
        return ENCODER.encodeToString(challenge);
    }

    @Override
    public String toString() {
        return "CeremonyState[purpose=" + purpose + ", expiresAt=" + expiresAt + "]";
    }
}
