package dev.gatehouse.core.mfa;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.mfa.CeremonyState.Purpose;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.throttle.AttemptCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Passkeys (WebAuthn Level 2/3, verified by WebAuthn4J): registers them to a signed-in account,
 * signs in with them without a password (discoverable credentials) or as a second factor, and
 * lets their owner list, rename and remove them.
 *
 * <p>A ceremony has two calls and no storage of its own: the first hands the client a sealed
 * {@link CeremonyState} with the challenge, which the second gets back. It is single-use through
 * the shared attempt counter ({@code webauthn-used:<id>} counted once), so a replayed answer is
 * refused on every node, and it expires after {@link #CEREMONY_TTL}.
 *
 * <p>Every check is required, never "preferred": user verification (a passkey alone is two
 * factors only when the authenticator verified its user), the origin among the configured ones,
 * the RP id hash. Attestation is {@code none}: a statement in another format is accepted but not
 * trusted, since no decision here depends on the authenticator's make. A signature counter that
 * does not go forward (when the authenticator keeps one) suggests a cloned key: refused and
 * audited. Whatever fails, nothing stored changes.
 */
public final class Passkeys {

    /** How long a ceremony's state is accepted; also the timeout the browser is given. */
    public static final Duration CEREMONY_TTL = Duration.ofMinutes(5);
    /** The longest passkey name, in characters. */
    public static final int MAX_NAME = 60;
    public static final String DEFAULT_NAME = "Passkey";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = WebAuthnOptions.ALGORITHMS.stream()
            .map(alg -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
                    COSEAlgorithmIdentifier.create(alg))).toList();

    private final FactorStore store;
    private final AccountStore accounts;
    private final Sealer sealer;
    private final AttemptCounter attempts;
    private final AuditLog audit;
    private final WebAuthnRelyingParty rp;
    private final Clock clock;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter credentialData;
    private final Set<Origin> origins;

    /** @param sealer seals ceremony states (its own derived key) */
    public Passkeys(FactorStore store, AccountStore accounts, Sealer sealer, AttemptCounter attempts, AuditLog audit,
                    WebAuthnRelyingParty rp, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.sealer = sealer;
        this.attempts = attempts;
        this.audit = audit;
        this.rp = rp;
        this.clock = clock;
        ObjectConverter converter = new ObjectConverter();
        // "non-strict": attestation statements are checked for form, never for trust (we ask for none)
        this.webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);
        this.credentialData = new AttestedCredentialDataConverter(converter);
        this.origins = rp.origins().stream().map(Origin::create).collect(Collectors.toUnmodifiableSet());
    }

    public WebAuthnRelyingParty relyingParty() {
        return rp;
    }

    /** The account's passkeys, oldest first. */
    public List<Passkey> list(String accountId) {
        return store.passkeys(accountId);
    }

    /** Starts registering a passkey to a signed-in account. */
    public PasskeyCeremony registrationOptions(Account account) {
        CeremonyState state = CeremonyState.start(Purpose.REGISTER, account.id(), now().plus(CEREMONY_TTL));
        return new PasskeyCeremony(state.seal(sealer),
                WebAuthnOptions.creation(rp, account, state, store.passkeys(account.id()), CEREMONY_TTL));
    }

    /**
     * Finishes a registration: verifies the browser's answer and stores the passkey.
     *
     * @param name what its owner calls it; blank for {@value #DEFAULT_NAME}
     * @throws NotAuthenticatedException {@code invalid_challenge}, {@code passkey_refused}
     * @throws InvalidInputException {@code invalid_passkey_response}, {@code invalid_field} for the name
     * @throws dev.gatehouse.core.error.ConflictException {@code passkey_exists}
     */
    public Passkey register(Account account, String state, String credentialJson, String name, String ip) {
        String chosen = name(name);
        Instant now = now();
        CeremonyState ceremony = CeremonyState.open(sealer, state, Purpose.REGISTER, account.id(), now);
        RegistrationData data = parse(() -> webAuthn.parseRegistrationResponseJSON(credentialJson));
        spend(ceremony, now);
        try {
            webAuthn.verify(data, new RegistrationParameters(serverProperty(ceremony), ALGORITHMS, true, true));
        } catch (VerificationException | IllegalArgumentException | IllegalStateException | NullPointerException e) {
            audit.append(AuditEvent.of(now, AuditType.SECOND_FACTOR_FAILED, account.id(), account.username(), null, ip,
                    "passkey registration: " + e.getClass().getSimpleName()));
            throw refused("the passkey's registration failed verification");
        }
        AuthenticatorData<?> authData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authData.getAttestedCredentialData();
        String transports = data.getTransports() == null ? "" : data.getTransports().stream()
                .map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(","));
        Passkey passkey = new Passkey(B64.encodeToString(attested.getCredentialId()), account.id(), chosen,
                credentialData.convert(attested), authData.getSignCount(), authData.isFlagUV(), authData.isFlagBE(),
                authData.isFlagBS(), transports, now, null);
        store.addPasskey(passkey);
        audit.append(AuditEvent.of(now, AuditType.SECOND_FACTOR_ENROLLED, account.id(), account.username(), null, ip,
                "passkey " + chosen));
        return passkey;
    }

    /** Starts a passwordless sign-in: any discoverable passkey of this site may answer. */
    public PasskeyCeremony signInOptions() {
        CeremonyState state = CeremonyState.start(Purpose.SIGN_IN, "", now().plus(CEREMONY_TTL));
        return new PasskeyCeremony(state.seal(sealer), WebAuthnOptions.request(rp, state, List.of(), CEREMONY_TTL));
    }

    /** Starts a passkey check of a known account (a second factor after its password, or a step-up). */
    public PasskeyCeremony authenticationOptions(Account account) {
        List<Passkey> own = store.passkeys(account.id());
        if (own.isEmpty()) {
            // empty allowCredentials would ask for any discoverable passkey: not a check of this account's
            throw new InvalidInputException(ErrorCode.FACTOR_NOT_ENROLLED, "this account has no passkey");
        }
        CeremonyState state = CeremonyState.start(Purpose.SECOND_FACTOR, account.id(), now().plus(CEREMONY_TTL));
        return new PasskeyCeremony(state.seal(sealer),
                WebAuthnOptions.request(rp, state, own, CEREMONY_TTL));
    }

    /**
     * Finishes a passwordless sign-in.
     *
     * @throws NotAuthenticatedException {@code invalid_challenge}, {@code passkey_refused}, or
     *         {@code account_locked} for a locked account's passkey
     * @throws InvalidInputException {@code invalid_passkey_response}
     */
    public PasskeySignIn signIn(String state, String credentialJson, String ip) {
        Instant now = now();
        CeremonyState ceremony = CeremonyState.open(sealer, state, Purpose.SIGN_IN, null, now);
        AuthenticationData data = parse(() -> webAuthn.parseAuthenticationResponseJSON(credentialJson));
        Passkey passkey = store.findPasskey(B64.encodeToString(data.getCredentialId()))
                .orElseThrow(() -> refused("no passkey with this credential id is registered here"));
        Account account = accounts.findById(passkey.accountId())
                .orElseThrow(() -> refused("no passkey with this credential id is registered here"));
        spend(ceremony, now);
        AuthMethod method = verify(account, passkey, ceremony, data, null, ip, now);
        if (account.locked()) {
            audit.append(AuditEvent.of(now, AuditType.SIGN_IN_FAILED, account.id(), account.username(), null, ip,
                    ErrorCode.ACCOUNT_LOCKED.code()));
            throw new NotAuthenticatedException(ErrorCode.ACCOUNT_LOCKED, "this account is locked");
        }
        return new PasskeySignIn(account, method);
    }

    /**
     * Finishes a passkey check of a known account (started by {@link #authenticationOptions}).
     *
     * @return what it proved
     * @throws NotAuthenticatedException {@code invalid_challenge} (including a state of another
     *         account), {@code passkey_refused} (including another account's passkey)
     * @throws InvalidInputException {@code invalid_passkey_response}
     */
    public AuthMethod verifyForAccount(Account account, String state, String credentialJson, String ip) {
        Instant now = now();
        CeremonyState ceremony = CeremonyState.open(sealer, state, Purpose.SECOND_FACTOR, account.id(), now);
        AuthenticationData data = parse(() -> webAuthn.parseAuthenticationResponseJSON(credentialJson));
        Passkey passkey = store.findPasskey(B64.encodeToString(data.getCredentialId()))
                .filter(p -> p.accountId().equals(account.id()))
                .orElseThrow(() -> refused("this account has no passkey with this credential id"));
        spend(ceremony, now);
        List<byte[]> allowed = store.passkeys(account.id()).stream()
                .map(p -> Base64.getUrlDecoder().decode(p.credentialId())).toList();
        return verify(account, passkey, ceremony, data, allowed, ip, now);
    }

    /**
     * Renames a passkey of the account.
     *
     * @throws NotFoundException {@code passkey_not_found}
     */
    public void rename(Account account, String credentialId, String name) {
        if (!store.renamePasskey(account.id(), credentialId, name(name))) {
            throw new NotFoundException(ErrorCode.PASSKEY_NOT_FOUND, "you have no passkey with this id");
        }
    }

    /**
     * Removes a passkey of the account; audited.
     *
     * @throws NotFoundException {@code passkey_not_found}
     */
    public void remove(Account account, String credentialId, String ip) {
        String name = store.passkeys(account.id()).stream().filter(p -> p.credentialId().equals(credentialId))
                .map(Passkey::name).findFirst().orElse(null);
        if (name == null || !store.deletePasskey(account.id(), credentialId)) {
            throw new NotFoundException(ErrorCode.PASSKEY_NOT_FOUND, "you have no passkey with this id");
        }
        audit.append(AuditEvent.of(now(), AuditType.SECOND_FACTOR_REMOVED, account.id(), account.username(), null, ip,
                "passkey " + name));
    }

    private AuthMethod verify(Account account, Passkey passkey, CeremonyState ceremony, AuthenticationData data,
                              List<byte[]> allowed, String ip, Instant now) {
        byte[] userHandle = data.getUserHandle();
        if (userHandle != null && userHandle.length > 0
                && !Arrays.equals(userHandle, WebAuthnOptions.userHandle(passkey.accountId()))) {
            failed(account, ip, now, "user handle mismatch");
            throw refused("the passkey answered for another user");
        }
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), passkey.uvInitialized(),
                passkey.backupEligible(), passkey.backedUp(), passkey.signCount(),
                credentialData.convert(passkey.credentialData()), null, null, null, null);
        try {
            webAuthn.verify(data, new AuthenticationParameters(serverProperty(ceremony), record, allowed, true, true));
        } catch (MaliciousCounterValueException e) {
            cloneSuspected(account, passkey, ip, now, e.getPresentedCounter());
        } catch (VerificationException | IllegalArgumentException | IllegalStateException | NullPointerException e) {
            failed(account, ip, now, e.getClass().getSimpleName());
            throw refused("the passkey's answer failed verification");
        }
        AuthenticatorData<?> authData = data.getAuthenticatorData();
        long counter = authData.getSignCount();
        if ((counter != 0 || passkey.signCount() != 0) && counter <= passkey.signCount()) {
            cloneSuspected(account, passkey, ip, now, counter);
        }
        if (!store.recordPasskeyUse(passkey.credentialId(), counter, authData.isFlagBS(),
                passkey.uvInitialized() || authData.isFlagUV(), now)) {
            throw refused("the passkey was removed meanwhile");
        }
        return passkey.backupEligible() ? AuthMethod.SYNCED_PASSKEY : AuthMethod.DEVICE_PASSKEY;
    }

    private void cloneSuspected(Account account, Passkey passkey, String ip, Instant now, long presented) {
        audit.append(AuditEvent.of(now, AuditType.PASSKEY_CLONE_SUSPECTED, account.id(), account.username(), null, ip,
                "passkey " + passkey.name() + ": counter " + presented + " after " + passkey.signCount()));
        throw refused("the passkey's signature counter went back: it may have been copied");
    }

    private void failed(Account account, String ip, Instant now, String why) {
        audit.append(AuditEvent.of(now, AuditType.SECOND_FACTOR_FAILED, account.id(), account.username(), null, ip,
                "passkey: " + why));
    }

    /** Uses up a ceremony's state: of many answers to one challenge, on any node, one goes on. */
    private void spend(CeremonyState ceremony, Instant now) {
        if (attempts.increment("webauthn-used:" + ceremony.id(), CEREMONY_TTL, now) != 1) {
            throw CeremonyState.refused("this ceremony was finished already; start again");
        }
    }

    private ServerProperty serverProperty(CeremonyState ceremony) {
        return ServerProperty.builder().origins(origins).rpId(rp.id())
                .challenge(new DefaultChallenge(ceremony.challenge())).build();
    }

    private interface Parse<T> {
        T get();
    }

    /** Parses the browser's JSON; anything WebAuthn4J cannot read is the client's mistake (400). */
    private static <T> T parse(Parse<T> parser) {
        try {
            T parsed = parser.get();
            if (parsed == null) {
                throw new IllegalArgumentException("empty");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new InvalidInputException(ErrorCode.INVALID_PASSKEY_RESPONSE,
                    "the passkey response is not a PublicKeyCredential in its JSON form");
        }
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT_NAME;
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD,
                    "a passkey name is 1 to " + MAX_NAME + " characters, without control characters");
        }
        return trimmed;
    }

    private static NotAuthenticatedException refused(String why) {
        return new NotAuthenticatedException(ErrorCode.PASSKEY_REFUSED, why);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
