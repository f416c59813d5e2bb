package dev.gatehouse.server.pages;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * What a page says after the action that redirected to it ("signed out", "session ended"). It
 * travels as {@code ?notice=<id>} in the redirect: only these ids exist, so a link cannot put
 * words of its own on a page.
 */
public enum Notice {
    SIGNED_OUT("signed_out"),
    SIGNED_OUT_EVERYWHERE("signed_out_everywhere"),
    SESSION_ENDED("session_ended"),
    SESSION_ALREADY_ENDED("session_already_ended"),
    OTHER_SESSIONS_ENDED("other_sessions_ended"),
    PASSWORD_CHANGED("password_changed"),
    ACCOUNT_CREATED("account_created"),
    ACCOUNT_LOCKED("account_locked"),
    ACCOUNT_UNLOCKED("account_unlocked"),
    PASSWORD_SET("password_set"),
    ROLES_SAVED("roles_saved"),
    SESSIONS_ENDED("sessions_ended"),
    KEY_ROTATED("key_rotated"),
    CLIENT_DELETED("client_deleted"),
    SECOND_FACTORS_RESET("second_factors_reset"),
    SIGN_IN_CHALLENGE_ENDED("sign_in_challenge_ended"),
    TOTP_ENABLED("totp_enabled"),
    TOTP_REMOVED("totp_removed"),
    PASSKEY_ADDED("passkey_added"),
    PASSKEY_RENAMED("passkey_renamed"),
    PASSKEY_REMOVED("passkey_removed"),
    PASSKEY_ALREADY_REMOVED("passkey_already_removed"),
    PASSKEY_NAME_INVALID("passkey_name_invalid"),
    APP_ACCESS_REVOKED("app_access_revoked"),
    APP_ACCESS_ALREADY_REVOKED("app_access_already_revoked"),
    DEVICE_APPROVED("device_approved"),
    DEVICE_DENIED("device_denied");

    static final String PARAMETER = "notice";

    private final String id;

    Notice(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    String key() {
        return "notice." + id;
    }

    static Optional<Notice> of(ServerRequest req) {
        String id = req.query().first(PARAMETER).orElse("");
        for (Notice n : values()) {
            if (n.id.equals(id)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
