package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.TestServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A chunked body the web server cannot parse is the client's error: a 400 problem, the connection
 * closed, and in the log the request's access line and nothing else (no stack trace).
 */
class MalformedChunkedBodyTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    LogLines log;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        server.gatehouse().clients().create("orders", "a-resource-server-secret-of-enough-length-0123", Set.of());
        log = LogLines.everything();
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @ParameterizedTest(name = "{0} with chunk size {2}")
    @CsvSource({
        "/v1/login,     application/json,                  zz",
        "/v1/login,     application/json,                  ffffffffffffffffff",
        "/v1/login,     application/json,                  -1",
        "/oauth2/token, application/x-www-form-urlencoded, zz",
        "/oauth2/token, application/x-www-form-urlencoded, ffffffffffffffffff",
    })
    void a_malformed_chunk_size_is_a_400_problem_logged_in_one_line(String path, String contentType, String size)
            throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.write("POST " + path + " HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nhello\r\n0\r\n\r\n");

            RawConnection.Answer answer = connection.answer(Duration.ofSeconds(10));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json")
                    .containsEntry("connection", "close");
            assertThat(answer.body()).contains("\"code\":\"bad_request\"");
        }
        assertThat(log.awaitCount(1)).singleElement().satisfies(line ->
                assertThat(LogLines.parse(line).path("status").asInt()).isEqualTo(400));
        assertThat(log.thrown()).isEmpty();
    }
}
