package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every revocation reaches the log, the page endpoint and the event stream; both routes answer
 * only registered confidential clients.
 */
class RevocationFeedTest {

    static final String CLIENT = "orders-api";
    static final String SECRET = "orders-api-secret-0123456789abcdefghij";

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        browser = new Browser(server);
        server.gatehouse().clients().create(CLIENT, SECRET, Set.of());
    }

    /** GET with the registered client's credentials. */
    HttpResponse<String> feed(String path) {
        return feed(path, OAuthEndpointsTest.basic(CLIENT, SECRET));
    }

    HttpResponse<String> feed(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Opens the event stream with the registered client's credentials. */
    HttpResponse<Stream<String>> openStream(String lastEventId) throws Exception {
        return openStream(CLIENT, SECRET, lastEventId);
    }

    HttpResponse<Stream<String>> openStream(String client, String secret, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/v1/revocations/stream"))
                .header("Authorization", OAuthEndpointsTest.basic(client, secret));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void without_client_credentials_both_routes_answer_401_with_a_basic_challenge() {
        for (String path : List.of("/v1/revocations?after=0", "/v1/revocations/stream")) {
            HttpResponse<String> r = feed(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"gatehouse\"");
            assertThat(Responses.code(r)).as(path).isEqualTo("client_authentication_required");
        }
    }

    @Test
    void a_wrong_secret_an_unknown_client_a_public_client_or_another_scheme_is_an_invalid_client() {
        server.gatehouse().clients().create("mobile", null, Set.of());
        String accessToken = json(browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}")).path("access_token").asText();
        for (String authorization : List.of(OAuthEndpointsTest.basic(CLIENT, "not the secret"),
                OAuthEndpointsTest.basic("nobody", SECRET), OAuthEndpointsTest.basic("mobile", ""),
                OAuthEndpointsTest.basic("web", ""), "Basic !!!", "Bearer " + accessToken)) {
            for (String path : List.of("/v1/revocations?after=0", "/v1/revocations/stream")) {
                HttpResponse<String> r = feed(path, authorization);
                assertThat(r.statusCode()).as(path).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"gatehouse\"");
                assertThat(Responses.code(r)).as(path).isEqualTo("invalid_client");
                assertThat(r.body()).as(path).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void a_signed_in_browser_cannot_read_the_feed() {
        browser.login("alice");
        assertThat(browser.get("/v1/revocations").statusCode()).isEqualTo(401);
    }

    @Test
    void signing_out_appends_the_session_to_the_log_with_when_it_may_be_forgotten() {
        String sid = json(browser.login("alice")).path("session_id").asText();
        browser.post("/v1/logout", null, "");

        JsonNode page = json(feed("/v1/revocations?after=0"));
        JsonNode entry = page.path("entries").get(0);
        assertThat(entry.path("kind").asText()).isEqualTo("session");
        assertThat(entry.path("id").asText()).isEqualTo(sid);
        assertThat(entry.path("seq").asLong()).isEqualTo(1);
        // revocation time plus the longest access-token lifetime (10 min) plus skew (60 s)
        assertThat(entry.path("forget_after").asText()).isEqualTo("2026-01-01T00:11:00Z");
        assertThat(page.path("next").asLong()).isEqualTo(1);
        assertThat(json(feed("/v1/revocations?after=1")).path("entries")).isEmpty();
    }

    @Test
    void locking_an_account_appends_an_account_entry() {
        server.gatehouse().accounts().lock("alice");
        JsonNode entry = json(feed("/v1/revocations")).path("entries").get(0);
        assertThat(entry.path("kind").asText()).isEqualTo("account");
        assertThat(entry.path("id").asText()).isEqualTo(server.gatehouse().accounts().get("alice").id());
    }

    @Test
    void bad_cursors_are_refused() {
        assertThat(Responses.code(feed("/v1/revocations?after=-1"))).isEqualTo("invalid_parameter");
        assertThat(Responses.code(feed("/v1/revocations?after=x"))).isEqualTo("invalid_parameter");
        assertThat(Responses.code(feed("/v1/revocations?limit=0"))).isEqualTo("invalid_parameter");
    }

    @Test
    void the_stream_delivers_a_revocation_as_it_happens_and_resumes_after_last_event_id() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = openStream(null);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        try {
            String sid = json(browser.login("alice")).path("session_id").asText();
            browser.post("/v1/logout", null, "");

            String id = awaitLine(lines, "id: ");
            assertThat(id).isEqualTo("id: 1");
            assertThat(awaitLine(lines, "data: ")).contains("\"kind\":\"session\"", sid);
        } finally {
            reader.interrupt();
            response.body().close();
        }

        new Browser(server).login("alice");
        server.gatehouse().accounts().lock("alice");
        BlockingQueue<String> resumed = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> again = openStream("1");
        Thread second = Thread.ofVirtual().start(() -> again.body().forEach(resumed::add));
        try {
            assertThat(awaitLine(resumed, "id: ")).isEqualTo("id: 2");
            assertThat(awaitLine(resumed, "data: ")).contains("\"kind\":\"account\"");
        } finally {
            second.interrupt();
            again.body().close();
        }
    }

    @Test
    void the_stream_is_uncached_unbuffered_asks_for_a_one_second_reconnect_and_writes_each_entry_as_one_event()
            throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = openStream(null);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        try {
            assertThat(nextLines(lines, 3)).containsExactly("retry: 1000", ": following revocations after 0", "");

            server.gatehouse().revocations().token("jti-1", server.clock.instant().plusSeconds(60));

            List<String> event = nextLines(lines, 4);
            assertThat(event.subList(0, 2)).containsExactly("id: 1", "event: revocation");
            assertThat(event.get(2)).startsWith("data: {").contains("\"kind\":\"token\"", "\"id\":\"jti-1\"");
            assertThat(event.get(3)).isEmpty();
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    @Test
    void a_follower_that_accepts_no_event_stream_is_answered_406_without_holding_a_stream() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(server.uri("/v1/revocations/stream"))
                .header("Authorization", OAuthEndpointsTest.basic(CLIENT, SECRET))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(Responses.code(refused)).isEqualTo("not_acceptable");
    }

    @Test
    void streams_beyond_the_per_client_or_the_node_limit_are_refused_and_a_closed_stream_frees_its_slot()
            throws Exception {
        server.restartWith(Map.of(Setting.REVOCATIONS_MAX_STREAMS, "3",
                Setting.REVOCATIONS_MAX_STREAMS_PER_CLIENT, "2"));
        server.gatehouse().clients().create("billing-api", SECRET, Set.of());
        List<HttpResponse<Stream<String>>> open = new ArrayList<>();
        try {
            open.add(openStream(null));
            open.add(openStream(null));
            assertThat(open).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            HttpResponse<String> third = feed("/v1/revocations/stream");
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(Responses.code(third)).isEqualTo("too_many_streams");
            assertThat(Responses.json(third).path("detail").asText()).contains("client 'orders-api' holds 2");

            open.add(openStream("billing-api", SECRET, null));
            assertThat(open.getLast().statusCode()).isEqualTo(200);
            HttpResponse<String> fourth = feed("/v1/revocations/stream", OAuthEndpointsTest.basic("billing-api", SECRET));
            assertThat(fourth.statusCode()).isEqualTo(503);
            assertThat(Responses.code(fourth)).isEqualTo("too_many_streams");
            assertThat(Responses.json(fourth).path("detail").asText()).contains("serves 3 revocation streams");
            // pages are not streams: still answered
            assertThat(feed("/v1/revocations?after=0").statusCode()).isEqualTo(200);

            open.removeFirst().body().close();
            // the server notices a follower has gone when it next writes to it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int i = 0; open.size() < 3; i++) {
                assertThat(System.nanoTime()).as("the closed stream's slot is freed within 10 s").isLessThan(deadline);
                server.gatehouse().revocations().token("t" + i, server.clock.instant().plusSeconds(60));
                HttpResponse<Stream<String>> again = openStream(null);
                if (again.statusCode() == 200) {
                    open.add(again);
                } else {
                    again.body().close();
                    Thread.sleep(50);
                }
            }
        } finally {
            open.forEach(r -> r.body().close());
        }
    }

    private static List<String> nextLines(BlockingQueue<String> lines, int count) throws InterruptedException {
        List<String> next = new ArrayList<>();
        while (next.size() < count) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("only " + next + " arrived");
            }
            next.add(line);
        }
        return next;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' arrived");
    }
}
