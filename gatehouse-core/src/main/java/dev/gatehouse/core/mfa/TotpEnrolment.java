package dev.gatehouse.core.mfa;

/**
 * A pending authenticator-app enrolment, shown once to its owner.
 *
 * @param secret the shared secret, base32 without padding (RFC 4648), for typing in
 * @param uri    the {@code otpauth://totp/...} URI the QR code carries
 */
public record TotpEnrolment(String secret, String uri) {

    @Override
    public String toString() {
        return "TotpEnrolment[hidden]";
    }
}
