package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInThrottleTest {

    @TempDir
    Path data;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(data, Map.of(Setting.PASSWORD_MAX_ATTEMPTS, "3", Setting.PASSWORD_ATTEMPT_WINDOW, "15m",
                Setting.SERVER_TRUSTED_PROXIES, "127.0.0.1"));
        server.createAccount("alice", false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> login(String from, String password) {
        Browser b = new Browser(server);
        return b.send(b.request("/v1/login").header("Content-Type", "application/json").header("X-Forwarded-For", from)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"alice\",\"password\":\"" + password + "\"}")), true);
    }

    @Test
    void guesses_past_the_limit_are_refused_with_429_even_with_the_right_password() {
        for (int i = 0; i < 3; i++) {
            assertThat(login("192.0.2.1", "wrong guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = login("192.0.2.1", TestServer.PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(code(refused)).isEqualTo("too_many_attempts");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("900");
    }

    @Test
    void the_owner_at_another_address_is_not_locked_out_and_the_window_ends() {
        for (int i = 0; i < 4; i++) {
            login("192.0.2.1", "wrong guess " + i);
        }
        assertThat(login("192.0.2.1", TestServer.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(login("198.51.100.7", TestServer.PASSWORD).statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(16));
        assertThat(login("192.0.2.1", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void a_success_clears_the_count() {
        login("192.0.2.1", "wrong guess 1");
        login("192.0.2.1", "wrong guess 2");
        assertThat(login("192.0.2.1", TestServer.PASSWORD).statusCode()).isEqualTo(200);
        login("192.0.2.1", "wrong guess 3");
        login("192.0.2.1", "wrong guess 4");
        assertThat(login("192.0.2.1", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }
}
