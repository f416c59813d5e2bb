package dev.gatehouse.server.pages;

import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Forms;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The "Passkeys" section of {@code /account} ({@code account_passkeys.jte}): the account's
 * passkeys, and forms to rename and remove one that work without JavaScript. Adding one needs the
 * browser's WebAuthn API, so that button is run by {@code /assets/passkeys.js} against the JSON
 * API and stays hidden where it cannot work.
 */
public final class AccountPasskeys {

    /** One passkey as the table shows it; {@code lastUsed} is null when it never signed in. */
    public record Row(String id, String name, Ago created, Ago lastUsed, boolean synced) {
    }

    /** What the section shows. */
    public record Section(Texts t, String csrf, List<Row> passkeys) {
    }

    private final Authenticator authenticator;
    private final Passkeys passkeys;
    private final SignIn signIn;
    private final Csrf csrf;
    private final StepUp stepUp;

    public AccountPasskeys(Authenticator authenticator, Passkeys passkeys, SignIn signIn, Csrf csrf, StepUp stepUp) {
        this.authenticator = authenticator;
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.csrf = csrf;
        this.stepUp = stepUp;
    }

    /** The section for this caller. */
    public Section section(Caller caller, Frame frame, Instant now) {
        List<Row> rows = passkeys.list(caller.account().id()).stream().map((Passkey p) -> new Row(p.credentialId(), p.name(),
                Ago.of(p.createdAt(), now, frame.t()), p.lastUsedAt() == null ? null : Ago.of(p.lastUsedAt(), now, frame.t()),
                p.backupEligible())).toList();
        return new Section(frame.t(), frame.formToken(), rows);
    }

    public void rename(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Caller caller = requireForm(req, form);
        try {
            passkeys.rename(caller.account(), form.getOrDefault("id", ""), form.get("name"));
        } catch (InvalidInputException e) {
            Pages.redirect(res, "/account", Notice.PASSKEY_NAME_INVALID);
            return;
        } catch (NotFoundException e) {
            Pages.redirect(res, "/account", Notice.PASSKEY_ALREADY_REMOVED);
            return;
        }
        Pages.redirect(res, "/account", Notice.PASSKEY_RENAMED);
    }

    public void remove(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Caller caller = requireForm(req, form);
        if (!stepUp.sensitive(res, caller, "/account")) {
            return;
        }
        try {
            passkeys.remove(caller.account(), form.getOrDefault("id", ""), signIn.device(req).ip());
        } catch (NotFoundException e) {
            Pages.redirect(res, "/account", Notice.PASSKEY_ALREADY_REMOVED);
            return;
        }
        Pages.redirect(res, "/account", Notice.PASSKEY_REMOVED);
    }

    private Caller requireForm(ServerRequest req, Map<String, String> form) {
        Caller caller = authenticator.require(req);
        csrf.checkFormToken("session:" + caller.session().id(), form.get("csrf"));
        return caller;
    }
}
