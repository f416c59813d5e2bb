package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client that sends its request a little at a time is cut off once the read timeout (headers,
 * body) or the idle timeout (request line) has passed, instead of keeping its connection for as
 * long as it keeps sending; clients that send at an ordinary pace never notice. The timeouts here
 * are short (1 s and 4 s); every wait below is several times longer, and far shorter than the
 * minutes a slow client held a connection before.
 */
class SlowClientTest {

    private static final Duration PATIENCE = Duration.ofSeconds(8);

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.SERVER_READ_TIMEOUT, "1s",
            Setting.SERVER_IDLE_TIMEOUT, "4s"));

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
    }

    @Test
    void a_client_sending_one_header_line_at_a_time_is_cut_off() throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.write("GET /health HTTP/1.1\r\nHost: gatehouse.test\r\n");
            trickle(connection, "X-Slow: a\r\n");

            assertThat(connection.closedWithin(PATIENCE)).isTrue();
        }
    }

    @Test
    void a_client_sending_its_request_line_a_byte_at_a_time_is_cut_off() throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            trickle(connection, "G");

            assertThat(connection.closedWithin(PATIENCE)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/v1/login,     application/json",
        "/v1/logout,    application/json", // ignores its body: the web server would drain it after the answer
        "/oauth2/token, application/x-www-form-urlencoded",
    })
    void a_client_sending_its_body_a_byte_at_a_time_gets_a_408_problem_and_the_connection_closes(String path,
            String contentType) throws Exception {
        try (LogLines log = LogLines.everything();
             RawConnection connection = new RawConnection(server.port())) {
            connection.write("POST " + path + " HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: 100\r\n\r\n{");
            trickle(connection, " ");

            RawConnection.Answer answer = connection.answer(PATIENCE);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json")
                    .containsEntry("connection", "close");
            assertThat(answer.body()).contains("\"code\":\"request_timeout\"");
            assertThat(connection.closedWithin(PATIENCE)).isTrue();
            assertThat(log.awaitCount(1)).singleElement().satisfies(line ->
                    assertThat(LogLines.parse(line).path("status").asInt()).isEqualTo(408));
            assertThat(log.thrown()).isEmpty();
        }
    }

    @Test
    void a_body_that_arrives_in_pieces_within_the_read_timeout_is_read_and_the_connection_kept() throws Exception {
        String body = "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD + "\",\"transport\":\"token\"}";
        try (RawConnection connection = new RawConnection(server.port())) {
            for (int i = 0; i < 2; i++) {
                connection.write("POST /v1/login HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10));
                Thread.sleep(300);
                connection.write(body.substring(10));

                RawConnection.Answer answer = connection.answer(PATIENCE);

                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).contains("access_token");
                Thread.sleep(1200); // longer than the read timeout, shorter than the idle timeout
            }
        }
        assertThat(new Browser(server).get("/health").statusCode()).isEqualTo(200);
    }

    /** Sends {@code piece} every 200 ms, on another thread, until the connection fails. */
    private static void trickle(RawConnection connection, String piece) {
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(200);
                    connection.write(piece);
                }
            } catch (IOException | InterruptedException closed) {
                // the server cut the connection off
            }
        });
    }
}
