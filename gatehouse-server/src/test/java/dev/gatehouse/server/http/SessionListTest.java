package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session lists as a user and an administrator see them: paged, bounded by
 * {@code session.max-per-account}, and not filled with the sessions a browser left behind by
 * signing in again.
 */
class SessionListTest {

    private static final int MAX_SESSIONS = 4;

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.SESSION_MAX_PER_ACCOUNT, Integer.toString(MAX_SESSIONS)));

    @BeforeEach
    void accounts() {
        server.createAccount("alice", false);
        server.createAccount("bob", false);
        server.createAccount("root", true);
    }

    /** A new browser signed in as {@code username}, a second after the one before. */
    private Browser signedIn(String username) {
        server.clock.advance(Duration.ofSeconds(1));
        Browser browser = new Browser(server);
        assertThat(browser.login(username).statusCode()).isEqualTo(200);
        return browser;
    }

    private String accountId(String username) {
        return server.gatehouse().accounts().get(username).id();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.path("sessions").spliterator(), false).map(s -> s.path("id").asText()).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private List<AuditEvent> revokedEvents() {
        return server.gatehouse().audit().list(Long.MAX_VALUE, 1000).stream()
                .filter(e -> e.type() == AuditType.SESSION_REVOKED).toList();
    }

    private List<String> revokedSessionEntries() {
        return server.gatehouse().revocations().after(0, 1000).stream()
                .filter(r -> r.kind().name().equals("SESSION")).map(Revocation::id).toList();
    }

    @Test
    void my_sessions_come_in_pages_newest_first_that_follow_each_other_to_the_last() {
        List<String> started = new ArrayList<>();
        Browser last = null;
        for (int i = 0; i < MAX_SESSIONS; i++) {
            last = signedIn("alice");
            started.add(json(last.get("/v1/me")).path("session").path("id").asText());
        }
        signedIn("bob");

        JsonNode first = json(last.get("/v1/sessions?limit=3"));
        JsonNode second = json(last.get("/v1/sessions?limit=3&cursor=" + enc(first.path("next").asText())));

        assertThat(ids(first)).containsExactly(started.get(3), started.get(2), started.get(1));
        assertThat(first.path("sessions").get(0).path("current").asBoolean()).isTrue();
        assertThat(first.path("sessions").get(0).path("user_agent").asText()).isEqualTo("GatehouseTestBrowser/1.0");
        assertThat(first.path("next").asText()).matches("[A-Za-z0-9_-]+");
        assertThat(ids(second)).containsExactly(started.get(0));
        assertThat(second.has("next")).as("the last page has no next").isFalse();
        JsonNode whole = json(last.get("/v1/sessions"));
        assertThat(ids(whole)).containsExactlyElementsOf(started.reversed());
        assertThat(whole.has("next")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=ten", "limit=-1", "limit="})
    void a_page_size_out_of_range_is_400_invalid_parameter(String query) {
        Browser alice = signedIn("alice");

        HttpResponse<String> refused = alice.get("/v1/sessions?" + query);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(code(refused)).isEqualTo("invalid_parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=", "cursor=garbage", "cursor=czEuMTIzLg", "cursor=%F0%9F%92%A5", "limit=5&cursor=czE"})
    void a_cursor_no_page_handed_out_is_400_invalid_cursor(String query) {
        Browser alice = signedIn("alice");

        HttpResponse<String> refused = alice.get("/v1/sessions?" + query);
        HttpResponse<String> refusedToAdmin = signedIn("root").get("/v1/admin/accounts/alice/sessions?" + query);

        for (HttpResponse<String> r : List.of(refused, refusedToAdmin)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(code(r)).isEqualTo("invalid_cursor");
            assertThat(r.body()).doesNotContain("Exception");
        }
    }

    @Test
    void an_administrator_pages_through_an_accounts_sessions_the_same_way() {
        for (int i = 0; i < 3; i++) {
            signedIn("alice");
        }
        Browser root = signedIn("root");

        JsonNode first = json(root.get("/v1/admin/accounts/alice/sessions?limit=2"));
        JsonNode second = json(root.get("/v1/admin/accounts/alice/sessions?limit=2&cursor=" + enc(first.path("next").asText())));

        assertThat(ids(first)).hasSize(2);
        assertThat(first.path("sessions").get(0).has("current")).as("no session is the admin's own here").isFalse();
        assertThat(ids(second)).hasSize(1).doesNotContainAnyElementsOf(ids(first));
        assertThat(second.has("next")).isFalse();
        assertThat(code(root.get("/v1/admin/accounts/alice/sessions?limit=500"))).isEqualTo("invalid_parameter");
    }

    @Test
    void a_sign_in_beyond_the_limit_ends_the_oldest_session_with_a_revocation_and_an_audit_event() {
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < MAX_SESSIONS; i++) {
            browsers.add(signedIn("alice"));
        }
        String oldest = json(browsers.getFirst().get("/v1/me")).path("session").path("id").asText();

        Browser newest = signedIn("alice");

        assertThat(browsers.getFirst().get("/v1/me").statusCode()).isEqualTo(401);
        assertThat(browsers.get(1).get("/v1/me").statusCode()).isEqualTo(200);
        assertThat(ids(json(newest.get("/v1/sessions")))).hasSize(MAX_SESSIONS).doesNotContain(oldest);
        assertThat(server.gatehouse().sessions().listActive(accountId("alice"), null, 100).sessions()).hasSize(MAX_SESSIONS);
        assertThat(revokedSessionEntries()).containsExactly(oldest);
        assertThat(revokedEvents()).singleElement().satisfies(e -> {
            assertThat(e.sessionId()).isEqualTo(oldest);
            assertThat(e.detail()).isEqualTo(RevokeReason.SESSION_LIMIT.code());
        });
    }

    @Test
    void token_sessions_count_towards_the_limit_too() {
        Browser cookie = signedIn("alice");
        Browser api = new Browser(server);
        api.fetchSite = null;
        api.origin = null;
        for (int i = 0; i < MAX_SESSIONS; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            HttpResponse<String> login = api.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                    + TestServer.PASSWORD + "\",\"transport\":\"token\"}");
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        }

        assertThat(server.gatehouse().sessions().listActive(accountId("alice"), null, 100).sessions())
                .hasSize(MAX_SESSIONS).allMatch(s -> s.tokenHash() == null, "a token session, without a cookie");
        assertThat(cookie.get("/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void signing_in_again_in_the_same_browser_ends_the_session_it_had() {
        Browser browser = signedIn("alice");
        String before = json(browser.get("/v1/me")).path("session").path("id").asText();
        server.clock.advance(Duration.ofSeconds(1));

        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);

        JsonNode list = json(browser.get("/v1/sessions"));
        assertThat(ids(list)).singleElement().isNotEqualTo(before);
        assertThat(server.gatehouse().sessions().findActive(before)).isEmpty();
        assertThat(revokedSessionEntries()).hasSize(2).contains(before);
        assertThat(revokedEvents()).hasSize(2)
                .allSatisfy(e -> assertThat(e.detail()).isEqualTo(RevokeReason.REPLACED_BY_SIGN_IN.code()));
    }

    @Test
    void signing_in_as_someone_else_in_the_same_browser_ends_the_first_accounts_session() {
        Browser browser = signedIn("alice");
        Browser alicesOtherDevice = signedIn("alice");

        assertThat(browser.login("bob").statusCode()).isEqualTo(200);

        assertThat(server.gatehouse().sessions().listActive(accountId("alice"), null, 100).sessions()).hasSize(1);
        assertThat(alicesOtherDevice.get("/v1/me").statusCode()).isEqualTo(200);
        assertThat(json(browser.get("/v1/me")).path("account").path("username").asText()).isEqualTo("bob");
        assertThat(revokedEvents()).singleElement().satisfies(e -> {
            assertThat(e.accountId()).isEqualTo(accountId("alice"));
            assertThat(e.detail()).isEqualTo("replaced_by_sign_in");
        });
    }

    @Test
    void signing_in_again_through_the_form_ends_the_session_the_browser_had() {
        Browser browser = signedIn("alice");
        String before = json(browser.get("/v1/me")).path("session").path("id").asText();

        String csrf = CsrfTest.csrfOf(browser.get("/login"));
        HttpResponse<String> submitted = browser.postForm("/login", "csrf=" + enc(csrf) + "&username=alice&password="
                + enc(TestServer.PASSWORD) + "&return_to=%2Faccount");

        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(server.gatehouse().sessions().findActive(before)).isEmpty();
        assertThat(ids(json(browser.get("/v1/sessions")))).singleElement().isNotEqualTo(before);
        assertThat(revokedEvents()).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("replaced_by_sign_in"));
    }

    @Test
    void switching_the_browser_to_spa_tokens_ends_the_cookie_session_it_drops() {
        Browser browser = signedIn("alice");
        String before = json(browser.get("/v1/me")).path("session").path("id").asText();

        HttpResponse<String> spa = browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token-cookie\"}");

        assertThat(spa.statusCode()).isEqualTo(200);
        assertThat(server.gatehouse().sessions().findActive(before)).isEmpty();
        assertThat(server.gatehouse().sessions().listActive(accountId("alice"), null, 100).sessions()).hasSize(1);
    }

    @Test
    void a_failed_sign_in_leaves_the_browsers_session_alone() {
        Browser browser = signedIn("alice");

        HttpResponse<String> failed = browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong password\"}");

        assertThat(failed.statusCode()).isEqualTo(401);
        assertThat(browser.get("/v1/me").statusCode()).isEqualTo(200);
        assertThat(revokedEvents()).isEmpty();
    }

    @Test
    void a_stale_cookie_in_the_browser_does_not_stop_a_sign_in() {
        Browser browser = signedIn("alice");
        browser.delete("/v1/sessions"); // signs out everywhere; the browser keeps nothing
        browser.cookies.put("__Host-gatehouse", "A".repeat(43));

        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        assertThat(browser.get("/v1/me").statusCode()).isEqualTo(200);
    }
}
