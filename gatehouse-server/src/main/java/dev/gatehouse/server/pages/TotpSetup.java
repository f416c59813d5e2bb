package dev.gatehouse.server.pages;

import dev.gatehouse.core.mfa.TotpEnrolment;
import io.nayuki.qrcodegen.QrCode;

/**
 * What the enrolment of an authenticator app shows, on {@code /account} and at a sign-in the
 * policy sends there alike: the {@code otpauth://} URI as a QR code, drawn as one SVG path the
 * template writes inline (no script, no image request, nothing to cache), and the secret as text
 * in groups of four for typing.
 *
 * @param frame     the page's frame
 * @param csrf      the confirm form's synchronizer token
 * @param action    where the confirm form posts
 * @param qrSize    the QR code's width in modules, its quiet zone included
 * @param qrPath    the SVG path of its dark modules
 * @param secret    the secret, grouped
 * @param carried   the sealed enrolment the confirm form carries back (the account page), or null
 * @param error     what went wrong with the last code, or null
 */
public record TotpSetup(Frame frame, String csrf, String action, int qrSize, String qrPath, String secret,
                        String carried, String error) {

    /** The light modules around a QR code that readers need (ISO/IEC 18004: four). */
    private static final int QUIET_ZONE = 4;

    static TotpSetup of(Frame frame, String csrf, String action, TotpEnrolment enrolment, String carried, String error) {
        QrCode qr = QrCode.encodeText(enrolment.uri(), QrCode.Ecc.MEDIUM);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return new TotpSetup(frame, csrf, action, qr.size + 2 * QUIET_ZONE, path.toString(), grouped(enrolment.secret()),
                carried, error);
    }

    /** {@code JBSWY3DPEHPK3PXP} as {@code JBSW Y3DP EHPK 3PXP}: apps ignore the spaces. */
    static String grouped(String secret) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < secret.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(secret, i, Math.min(secret.length(), i + 4));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "TotpSetup[hidden]";
    }
}
