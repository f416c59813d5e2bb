package dev.gatehouse.server.oidc;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.core.oidc.DeviceGrantStore;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.ScopeWords;
import dev.gatehouse.server.pages.Texts;
import dev.gatehouse.server.pages.Waits;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /device}: where a person approves a device sign-in (RFC 8628 §3.3). The page asks for
 * the code the device shows (or takes it from {@code ?user_code=}, the
 * {@code verification_uri_complete}), shows which client asks for what, and records the answer;
 * the device, polling the token endpoint, gets its tokens once approved, and the grant belongs
 * to the browser session that approved it.
 *
 * <p>It needs a signed-in browser first, so nobody learns whether a code is live without an
 * account; and wrong codes are throttled per session and per address
 * ({@value #MAX_WRONG_CODES} per {@link #WRONG_CODE_WINDOW}): a user code is short so people can
 * type it, and only the throttle makes guessing a live one hopeless.
 */
public final class DevicePage {

    /** The code's request, as the confirmation shows it. */
    public record Request(String client, List<String> scopes, String shownCode, String userCode) {
    }

    /** What the template shows: the code form, or the confirmation when {@code request} is set. */
    public record View(Frame frame, String typed, String error, Request request) {
    }

    public static final String PATH = "/device";
    static final int MAX_WRONG_CODES = 10;
    static final Duration WRONG_CODE_WINDOW = Duration.ofMinutes(15);

    private final Pages pages;
    private final Authenticator authenticator;
    private final Csrf csrf;
    private final DeviceGrantStore devices;
    private final Clients clients;
    private final AttemptCounter attempts;
    private final AuditLog audit;
    private final SignIn signIn;
    private final Clock clock;

    public DevicePage(Pages pages, Authenticator authenticator, Csrf csrf, DeviceGrantStore devices, Clients clients,
                      AttemptCounter attempts, AuditLog audit, SignIn signIn, Clock clock) {
        this.pages = pages;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.devices = devices;
        this.clients = clients;
        this.attempts = attempts;
        this.audit = audit;
        this.signIn = signIn;
        this.clock = clock;
    }

    public void show(ServerRequest req, ServerResponse res) {
        Optional<Caller> found = authenticator.find(req).filter(c -> c.token() == null);
        String typed = req.query().first("user_code").orElse("").strip();
        if (found.isEmpty()) {
            String back = typed.isEmpty() ? PATH : PATH + "?user_code=" + AuthorizationAnswers.encode(typed);
            res.header(HeaderNames.LOCATION, "/login?return_to=" + AuthorizationAnswers.encode(back));
            res.status(Status.SEE_OTHER_303).send();
            return;
        }
        Caller caller = found.get();
        if (typed.isEmpty()) {
            render(req, res, caller, Status.OK_200, "", null, null);
            return;
        }
        lookUp(req, res, caller, typed);
    }

    /** {@code POST /device}: approve or deny the device's request. */
    public void submit(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        if (caller.token() != null) {
            throw new NotPermittedException(ErrorCode.BROWSER_SESSION_REQUIRED, "a device is approved in a signed-in browser");
        }
        Map<String, String> form = Forms.read(req);
        csrf.checkFormToken("session:" + caller.session().id(), form.get("csrf"));
        String decision = form.get("decision");
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "field 'decision' must be approve or deny");
        }
        String code = DeviceGrant.normaliseUserCode(form.get("user_code"));
        boolean approve = decision.equals("approve");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (throttled(req, res, caller, form.getOrDefault("user_code", ""), now)) {
            return;
        }
        Optional<DeviceGrant> grant = code == null ? Optional.empty() : devices.findByUserCode(code);
        if (grant.isEmpty()) {
            countWrong(req, caller, now);
        }
        if (grant.isEmpty() || !devices.decide(code, approve, caller.account().id(), caller.session().id(), now)) {
            render(req, res, caller, Status.BAD_REQUEST_400, form.getOrDefault("user_code", ""),
                    text(req, grant.map(g -> g.isExpiredAt(now) ? "device.error.expired" : "device.error.used")
                            .orElse("device.error.unknown")), null);
            return;
        }
        if (approve) {
            audit.append(AuditEvent.of(now, AuditType.DEVICE_APPROVED, caller.account().id(), caller.account().username(),
                    caller.session().id(), signIn.device(req).ip(), grant.get().clientId()));
        }
        Pages.redirect(res, PATH, approve ? Notice.DEVICE_APPROVED : Notice.DEVICE_DENIED);
    }

    private void lookUp(ServerRequest req, ServerResponse res, Caller caller, String typed) {
        Instant now = clock.instant();
        if (throttled(req, res, caller, typed, now)) {
            return;
        }
        String code = DeviceGrant.normaliseUserCode(typed);
        Optional<DeviceGrant> grant = code == null ? Optional.empty() : devices.findByUserCode(code);
        String problem = grant.isEmpty() ? "device.error.unknown" : grant.get().isExpiredAt(now) ? "device.error.expired"
                : grant.get().status() != DeviceGrant.Status.PENDING ? "device.error.used" : null;
        if (problem != null) {
            countWrong(req, caller, now);
            render(req, res, caller, Status.OK_200, typed, text(req, problem), null);
            return;
        }
        DeviceGrant g = grant.get();
        String client = clients.find(g.clientId()).map(c -> c.registration().displayName(c.id())).orElse(g.clientId());
        List<String> scopes = g.scope().isBlank() ? List.of() : Arrays.asList(g.scope().split(" "));
        render(req, res, caller, Status.OK_200, typed, null, new Request(client, ScopeWords.of(Texts.of(req), scopes),
                DeviceGrant.displayUserCode(code), code));
    }

    /** The throttle's keys: this session's and this address's wrong codes. */
    private List<String> keys(ServerRequest req, Caller caller) {
        return List.of("device-code:session:" + caller.session().id(), "device-code:ip:" + signIn.device(req).ip());
    }

    private void countWrong(ServerRequest req, Caller caller, Instant now) {
        keys(req, caller).forEach(k -> attempts.increment(k, WRONG_CODE_WINDOW, now));
    }

    /** Whether too many wrong codes came from this session or address; if so the answer (429) is sent. */
    private boolean throttled(ServerRequest req, ServerResponse res, Caller caller, String typed, Instant now) {
        Optional<Duration> wait = keys(req, caller).stream().map(k -> attempts.current(k, now))
                .flatMap(Optional::stream).filter(w -> w.count() >= MAX_WRONG_CODES)
                .map(w -> Duration.between(now, w.endsAt())).findFirst();
        if (wait.isEmpty()) {
            return false;
        }
        res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, wait.get().toSeconds())));
        render(req, res, caller, Status.TOO_MANY_REQUESTS_429, typed, Texts.of(req).get("device.error.throttled",
                Waits.describe(wait.get(), Texts.of(req))), null);
        return true;
    }

    private static String text(ServerRequest req, String key) {
        return Texts.of(req).get(key);
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller, Status status, String typed, String error,
                        Request request) {
        Frame frame = pages.frame(req, caller, "device.title", csrf.formToken("session:" + caller.session().id()));
        pages.send(res, status, "oidc/device.jte", new View(frame, typed.length() > 32 ? "" : typed, error, request));
    }
}
