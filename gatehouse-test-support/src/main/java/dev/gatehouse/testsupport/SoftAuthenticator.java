package dev.gatehouse.testsupport;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A WebAuthn authenticator in a few lines of JDK code, for tests that need a passkey without a
 * browser: one ES256 credential, attestation {@code none}, answers in the JSON form browsers give
 * ({@code PublicKeyCredential.toJSON()}). Written from the specification (authenticator data,
 * COSE key, CBOR by hand), not with the library the server verifies with.
 *
 * <p>Its knobs make the answers a test needs to be refused: another origin or RP id, user
 * verification not done, a signature counter set back (a clone).
 */
public final class SoftAuthenticator {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private String rpId;
    private String origin;
    private long counter;
    private boolean userVerified = true;
    private boolean backupEligible;
    private byte[] userHandle;

    public SoftAuthenticator(String rpId, String origin) {
        this.rpId = rpId;
        this.origin = origin;
        RANDOM.nextBytes(credentialId);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /** Answers from now on for pages of this origin (what the browser would write into the client data). */
    public SoftAuthenticator origin(String newOrigin) {
        this.origin = newOrigin;
        return this;
    }

    /** Signs for this RP id from now on. */
    public SoftAuthenticator rpId(String newRpId) {
        this.rpId = newRpId;
        return this;
    }

    /** Sets the signature counter; the next answer carries this plus one. */
    public SoftAuthenticator counter(long value) {
        this.counter = value;
        return this;
    }

    public SoftAuthenticator userVerified(boolean verified) {
        this.userVerified = verified;
        return this;
    }

    /** Whether it says it may be synced (the BE flag, and BS with it). */
    public SoftAuthenticator backupEligible(boolean eligible) {
        this.backupEligible = eligible;
        return this;
    }

    /**
     * The answer to {@code navigator.credentials.create()} with this challenge and user id (both
     * base64url, as the options carry them).
     */
    public String register(String challenge, String userId) {
        userHandle = Base64.getUrlDecoder().decode(userId);
        byte[] clientData = clientData("webauthn.create", challenge);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        byte[] head = authenticatorData(counter);
        head[32] |= 0x40; // AT: attested credential data follows
        authData.writeBytes(head);
        authData.writeBytes(new byte[16]); // AAGUID: none
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length);
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        ByteArrayOutputStream att = new ByteArrayOutputStream();
        att.write(0xa3);
        text(att, "fmt");
        text(att, "none");
        text(att, "attStmt");
        att.write(0xa0);
        text(att, "authData");
        bytes(att, authData.toByteArray());
        String id = credentialId();
        return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"type\":\"public-key\",\"authenticatorAttachment\":\"platform\","
                + "\"response\":{\"clientDataJSON\":\"" + B64.encodeToString(clientData) + "\",\"attestationObject\":\""
                + B64.encodeToString(att.toByteArray()) + "\",\"transports\":[\"internal\"]},\"clientExtensionResults\":{}}";
    }

    /** The answer to {@code navigator.credentials.get()} with this challenge; the counter goes up by one. */
    public String authenticate(String challenge) {
        counter++;
        byte[] clientData = clientData("webauthn.get", challenge);
        byte[] authData = authenticatorData(counter);
        byte[] signature;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys.getPrivate());
            s.update(authData);
            s.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String id = credentialId();
        return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"type\":\"public-key\",\"authenticatorAttachment\":\"platform\","
                + "\"response\":{\"clientDataJSON\":\"" + B64.encodeToString(clientData) + "\",\"authenticatorData\":\""
                + B64.encodeToString(authData) + "\",\"signature\":\"" + B64.encodeToString(signature) + "\""
                + (userHandle == null ? "" : ",\"userHandle\":\"" + B64.encodeToString(userHandle) + "\"")
                + "},\"clientExtensionResults\":{}}";
    }

    /** Says this user handle from now on (a resident credential knows its user). */
    public SoftAuthenticator userHandle(byte[] handle) {
        this.userHandle = handle == null ? null : handle.clone();
        return this;
    }

    private byte[] clientData(String type, String challenge) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] authenticatorData(long count) {
        try {
            byte[] rpIdHash = MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8));
            int flags = 0x01 | (userVerified ? 0x04 : 0) | (backupEligible ? 0x18 : 0);
            ByteBuffer b = ByteBuffer.allocate(37);
            b.put(rpIdHash).put((byte) flags).putInt((int) count);
            return b.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a COSE_Key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
    private byte[] coseKey() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21});
        bytes(out, unsigned32(pub.getW().getAffineX()));
        out.write(0x22);
        bytes(out, unsigned32(pub.getW().getAffineY()));
        return out.toByteArray();
    }

    private static byte[] unsigned32(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 0x60, b.length);
        out.writeBytes(b);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        head(out, 0x40, b.length);
        out.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream out, int major, int length) {
        if (length < 24) {
            out.write(major | length);
        } else if (length < 256) {
            out.write(major | 24);
            out.write(length);
        } else {
            out.write(major | 25);
            out.write(length >> 8);
            out.write(length);
        }
    }
}
