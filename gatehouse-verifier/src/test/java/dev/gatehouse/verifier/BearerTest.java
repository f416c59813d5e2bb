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
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.getWriter().write("payments for " + req.getUserPrincipal().getName());
            }
        }), "/payments");
        context.addFilter(new FilterHolder(new GatehouseBearerFilter(new BearerAuthenticator(verifier, "orders", "read"))),
                "/hello", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new GatehouseBearerFilter(verifier, "orders",
                        AuthenticationRequirement.multiFactor().withMaxAge(java.time.Duration.ofMinutes(5)))),
                "/payments", EnumSet.of(DispatcherType.REQUEST));
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
        return get("/hello", authorization);
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + path));
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

    /** A token whose session proved {@code amr} at {@code authAgo} before now. */
    static String proved(String amr, java.time.Duration authAgo) {
        String claims = TestKeys.claims(StrictVerificationTest.NOW, 600);
        return TestKeys.sign(KEYS.rsa, TestKeys.header(KEYS.rsa), claims.substring(0, claims.length() - 1)
                + ",\"amr\":" + amr + ",\"auth_time\":" + StrictVerificationTest.NOW.minus(authAgo).getEpochSecond()
                + ",\"acr\":\"1\"}");
    }

    @Test
    void the_filter_lets_a_token_of_a_recent_two_factor_sign_in_through_a_route_that_demands_it() throws Exception {
        HttpResponse<String> r = get("/payments", "Bearer " + proved("[\"pwd\",\"otp\",\"mfa\"]",
                java.time.Duration.ofSeconds(120)));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("payments for acct-1");
    }

    @Test
    void the_filter_answers_a_password_only_token_with_the_rfc_9470_challenge() throws Exception {
        HttpResponse<String> r = get("/payments", "Bearer " + proved("[\"pwd\"]", java.time.Duration.ofSeconds(10)));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\","
                + " error=\"insufficient_user_authentication\","
                + " error_description=\"a second factor is required, the token's amr is [pwd]\","
                + " acr_values=\"2\", max_age=300");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).contains("\"error\":\"insufficient_user_authentication\"");
    }

    @Test
    void the_filter_answers_a_two_factor_token_of_an_old_sign_in_with_the_max_age_to_ask_for() throws Exception {
        HttpResponse<String> r = get("/payments", "Bearer " + proved("[\"pwd\",\"otp\",\"mfa\"]",
                java.time.Duration.ofSeconds(912)));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\","
                + " error=\"insufficient_user_authentication\","
                + " error_description=\"authenticated 912 s ago, at most 300 s allowed\", acr_values=\"2\", max_age=300");
    }

    @Test
    void a_route_with_a_requirement_still_answers_a_missing_or_bad_token_as_any_other() throws Exception {
        assertThat(get("/payments", null).headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\"");
        assertThat(get("/payments", "Bearer not-a-jwt").headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }

    @Test
    void the_verifier_checks_a_requirement_at_its_own_clock() {
        String fresh = proved("[\"pwd\",\"hwk\",\"mfa\"]", java.time.Duration.ofSeconds(300));
        AuthenticationRequirement recent = AuthenticationRequirement.maxAge(java.time.Duration.ofMinutes(5));

        assertThat(verifier.verify(fresh, recent).amr()).containsExactly("pwd", "hwk", "mfa");
        CLOCK.advance(java.time.Duration.ofSeconds(1));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(fresh, recent))
                    .isInstanceOfSatisfying(InsufficientAuthenticationException.class, e -> {
                        assertThat(e.code()).isEqualTo("insufficient_user_authentication");
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e).hasMessage("authenticated 301 s ago, at most 300 s allowed");
                        assertThat(e.maxAge()).contains(java.time.Duration.ofMinutes(5));
                        assertThat(e.acrValues()).isEmpty();
                    });
        } finally {
            CLOCK.advance(java.time.Duration.ofSeconds(-1));
        }
    }
}
