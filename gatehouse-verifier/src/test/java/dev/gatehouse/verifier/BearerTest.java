package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.MovableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The framework-neutral entry point, and the servlet filter in a real Jetty. */
class BearerTest {

    static final TestKeys KEYS = new TestKeys();
    static final MovableClock CLOCK = new MovableClock(StrictVerificationTest.NOW);
    static FakeIssuer issuer;
    static GatehouseVerifier verifier;
    static Server jetty;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        issuer = new FakeIssuer(KEYS.jwks());
        verifier = issuer.verifier(CLOCK).build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                VerifiedToken token = (VerifiedToken) req.getAttribute(GatehouseBearerFilter.TOKEN_ATTRIBUTE);
                res.getWriter().write("hello " + req.getUserPrincipal().getName() + " via " + req.getAuthType()
                        + " in session " + token.sessionId());
            }
        }), "/hello");
        context.addFilter(new FilterHolder(new GatehouseBearerFilter(new BearerAuthenticator(verifier, "orders", "read"))),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        verifier.close();
        issuer.close();
    }

    HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/hello"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_filter_lets_a_valid_token_through_as_the_request_principal() throws Exception {
        HttpResponse<String> r = get("Bearer " + StrictVerificationTest.valid(KEYS.rsa));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello acct-1 via Bearer in session sid-1");
    }

    @Test
    void the_filter_answers_401_with_a_bearer_challenge_naming_invalid_token() throws Exception {
        String expired = TestKeys.sign(KEYS.rsa, TestKeys.header(KEYS.rsa),
                TestKeys.claims(StrictVerificationTest.NOW.minusSeconds(3600), 600));
        HttpResponse<String> r = get("Bearer " + expired);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"expired "));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).contains("\"error\":\"invalid_token\"");
    }

    @Test
    void the_filter_answers_a_request_without_a_token_with_a_bare_challenge() throws Exception {
        HttpResponse<String> r = get(null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\"");
        assertThat(get("Basic YWxpY2U6c2VjcmV0").statusCode()).isEqualTo(401);
        assertThat(get("Bearer two words").statusCode()).isEqualTo(400);
    }

    @Test
    void a_token_without_the_required_scope_is_forbidden() throws Exception {
        String writeOnly = TestKeys.sign(KEYS.rsa, TestKeys.header(KEYS.rsa),
                TestKeys.claims(StrictVerificationTest.NOW, 600).replace("read write", "write"));
        HttpResponse<String> r = get("Bearer " + writeOnly);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"orders\", error=\"insufficient_scope\", scope=\"read\"");
    }

    @Test
    void the_framework_neutral_entry_point_gives_a_principal_or_an_rfc_6750_refusal() {
        BearerAuthenticator auth = new BearerAuthenticator(verifier, "orders");
        assertThat(auth.authenticate("Bearer " + StrictVerificationTest.valid(KEYS.ec)))
                .isInstanceOfSatisfying(BearerResult.Authenticated.class,
                        a -> assertThat(a.token().subject()).isEqualTo("acct-1"));
        assertThat(auth.authenticate("bearer not-a-jwt")).isEqualTo(new BearerResult.Refused(401,
                Optional.of("invalid_token"), "not a compact JWS: 1 dot-separated parts instead of 3",
                Optional.of("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"not a compact JWS: 1"
                        + " dot-separated parts instead of 3\"")));
    }
}
