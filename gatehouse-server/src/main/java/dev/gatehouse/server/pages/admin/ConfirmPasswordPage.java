package dev.gatehouse.server.pages.admin;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.LoginPage;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Texts;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /admin/confirm}: enter the password again before a sensitive action, then go back to
 * the page it was asked from. Wrong passwords count against the sign-in throttle like any other.
 */
public final class ConfirmPasswordPage {

    /** What the template shows. */
    public record View(Frame frame, String back, String error) {
    }

    private final Pages pages;
    private final AdminAccess access;
    private final SignIn signIn;

    public ConfirmPasswordPage(Pages pages, AdminAccess access, SignIn signIn) {
        this.pages = pages;
        this.access = access;
        this.signIn = signIn;
    }

    public void show(ServerRequest req, ServerResponse res) {
        access.page(req, res).ifPresent(caller -> render(req, res, caller, Status.OK_200,
                AdminPaths.back(req.query().first("back").orElse(null)), null));
    }

    public void submit(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        Caller caller = form.caller();
        String back = AdminPaths.back(form.get("back"));
        try {
            signIn.password(req, caller.account().username(), form.get("password"));
        } catch (NotAuthenticatedException | BusyException e) {
            if (e instanceof BusyException busy) {
                ErrorMapping.retryAfter(res, busy);
            }
            render(req, res, caller, ErrorMapping.status(e), back, LoginPage.message(Texts.of(req), e));
            return;
        }
        access.recentPassword().remember(res, caller.session());
        Pages.redirect(res, back, Notice.PASSWORD_CONFIRMED);
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller, Status status, String back, String error) {
        Frame frame = pages.frame(req, caller, "confirm.title", access.formToken(caller));
        pages.send(res, status, "admin/confirm.jte", new View(frame, back, error));
    }
}
