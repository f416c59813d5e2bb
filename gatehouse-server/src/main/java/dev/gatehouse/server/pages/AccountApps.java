package dev.gatehouse.server.pages;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.core.oidc.Consents;
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
import java.util.TreeSet;

/**
 * The "Apps with access" section of {@code /account} ({@code account_apps.jte}): every client the
 * account consented to, what it may have and since when, with a button that revokes it. Revoking
 * withdraws the consent and ends the client's grants for the account ({@link Consents#revoke}):
 * the app is signed out and asks for consent again next time.
 */
public final class AccountApps {

    /** One app as the table shows it. */
    public record Row(String clientId, String name, List<String> scopes, Ago since) {
    }

    /** What the section shows. */
    public record Section(Texts t, String csrf, List<Row> apps) {
    }

    private final Authenticator authenticator;
    private final Consents consents;
    private final Clients clients;
    private final SignIn signIn;
    private final Csrf csrf;

    public AccountApps(Authenticator authenticator, Consents consents, Clients clients, SignIn signIn, Csrf csrf) {
        this.authenticator = authenticator;
        this.consents = consents;
        this.clients = clients;
        this.signIn = signIn;
        this.csrf = csrf;
    }

    /** The section for this caller. */
    public Section section(Caller caller, Frame frame, Instant now) {
        List<Row> rows = consents.list(caller.account().id()).stream().map((Consent c) -> new Row(c.clientId(),
                name(c.clientId()), ScopeWords.of(frame.t(), new TreeSet<>(c.scopes())), Ago.of(c.grantedAt(), now, frame.t())))
                .toList();
        return new Section(frame.t(), frame.formToken(), rows);
    }

    /** The name to show for a client; a client deleted since keeps its id. */
    public String name(String clientId) {
        return clients.find(clientId).map((Client c) -> c.registration().displayName(c.id())).orElse(clientId);
    }

    /** {@code POST /account/apps/revoke}: withdraws the consent to {@code client_id}. */
    public void revoke(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Map<String, String> form = Forms.read(req);
        csrf.checkFormToken("session:" + caller.session().id(), form.get("csrf"));
        boolean revoked = consents.revoke(caller.account(), form.get("client_id"), caller.session().id(),
                signIn.device(req).ip());
        Pages.redirect(res, "/account", revoked ? Notice.APP_ACCESS_REVOKED : Notice.APP_ACCESS_ALREADY_REVOKED);
    }
}
