package dev.gatehouse.server.pages.admin;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.server.http.Cookies;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Whether the administrator entered their password recently enough for a sensitive action: at
 * sign-in (the session's start) or on the confirmation page since, within
 * {@code pages.reauth-after}.
 *
 * <p>A confirmation is a cookie holding its time and an HMAC of that time and the session id,
 * so it needs no store, works on any node, and is worthless in another session.
 */
public final class RecentPassword {

    private final byte[] key;
    private final Duration window;
    private final Clock clock;

    public RecentPassword(byte[] key, Duration window, Clock clock) {
        this.key = key.clone();
        this.window = window;
        this.clock = clock;
    }

    boolean isRecent(ServerRequest req, Session session) {
        Instant now = clock.instant();
        if (session.createdAt().plus(window).isAfter(now)) {
            return true;
        }
        return Cookies.read(req, Cookies.PASSWORD_CONFIRMED).flatMap(value -> confirmedAt(value, session))
                .filter(at -> !at.isAfter(now) && at.plus(window).isAfter(now)).isPresent();
    }

    void remember(ServerResponse res, Session session) {
        long at = clock.instant().getEpochSecond();
        Cookies.set(res, Cookies.PASSWORD_CONFIRMED, at + "." + mac(session, at), window, SameSite.STRICT);
    }

    private Optional<Instant> confirmedAt(String value, Session session) {
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 19) {
            return Optional.empty();
        }
        long at;
        try {
            at = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Secrets.constantTimeEquals(mac(session, at), value.substring(dot + 1))
                ? Optional.of(Instant.ofEpochSecond(at)) : Optional.empty();
    }

    private String mac(Session session, long at) {
        byte[] mac = Secrets.hmacSha256(key, "password confirmed:" + session.id() + ":" + at);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
