package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInThrottleTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.PASSWORD_MAX_ATTEMPTS, "3",
            Setting.PASSWORD_ATTEMPT_WINDOW, "15m", Setting.PASSWORD_ACCOUNT_LOCK_AFTER, "10",
            Setting.PASSWORD_ACCOUNT_LOCK, "1m", Setting.PASSWORD_ADDRESS_MAX_FAILURES, "12",
            Setting.SERVER_TRUSTED_PROXIES, "127.0.0.1"));

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
    }

    HttpResponse<String> login(String from, String password) {
        return login(from, "alice", password);
    }

    HttpResponse<String> login(String from, String username, String password) {
        Browser b = new Browser(server);
        return b.send(b.request("/v1/login").header("Content-Type", "application/json").header("X-Forwarded-For", from)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")), true);
    }

    List<AuditEvent> throttled() {
        return server.gatehouse().audit().list(Long.MAX_VALUE, 1000).stream()
                .filter(e -> e.type() == AuditType.SIGN_IN_THROTTLED).toList();
    }

    double refusals(String limit) {
        return server.gatehouse().metrics().registry().get("gatehouse.sign.in.refusals").tag("limit", limit)
                .counter().count();
    }

    @Test
    void guesses_for_one_account_from_many_addresses_lock_it_for_a_minute_even_for_the_right_password() {
        // ten addresses, one guess each: no address reaches its own limit of three
        for (int i = 1; i <= 10; i++) {
            assertThat(login("192.0.2." + i, "wrong guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = login("192.0.2.11", "wrong guess 11");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(code(refused)).isEqualTo("too_many_attempts");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");

        server.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> owner = login("198.51.100.7", TestServer.PASSWORD);
        assertThat(owner.statusCode()).as("the owner from a fresh address, during the lock").isEqualTo(429);
        assertThat(owner.headers().firstValue("Retry-After")).hasValue("30");

        server.clock.advance(Duration.ofSeconds(30));
        assertThat(login("198.51.100.7", TestServer.PASSWORD).statusCode()).as("after the lock").isEqualTo(200);
        assertThat(throttled()).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("alice");
            assertThat(e.detail()).startsWith("account: locked for 60s");
        });
        assertThat(refusals("account")).isEqualTo(2);
        assertThat(new Browser(server).get("/metrics").body())
                .contains("gatehouse_sign_in_refusals_total{limit=\"account\"} 2.0");
    }

    @Test
    void ipv6_addresses_of_one_slash_64_count_as_one_client() {
        for (String from : List.of("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:ffff")) {
            assertThat(login(from, "wrong guess").statusCode()).as(from).isEqualTo(401);
        }

        assertThat(login("2001:db8:1:2::4", TestServer.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(refusals("account_and_address")).isEqualTo(1);
        assertThat(login("2001:db8:1:3::1", TestServer.PASSWORD).statusCode()).as("the next /64").isEqualTo(200);
    }

    @Test
    void spraying_many_accounts_from_one_address_is_refused_past_its_failures_and_another_address_is_not() {
        for (int i = 0; i < 12; i++) {
            assertThat(login("203.0.113.66", "user" + i, "Spring2026!").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = login("203.0.113.66", "user12", "Spring2026!");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3600");
        assertThat(login("203.0.113.66", TestServer.PASSWORD).statusCode()).as("even alice's right password").isEqualTo(429);
        assertThat(login("203.0.113.67", TestServer.PASSWORD).statusCode()).as("another address").isEqualTo(200);
        assertThat(refusals("address")).isEqualTo(2);
        assertThat(throttled()).singleElement().satisfies(e -> {
            assertThat(e.ip()).isEqualTo("203.0.113.66");
            assertThat(e.detail()).isEqualTo("address: 12 failed sign-ins in 3600s");
        });
        server.clock.advance(Duration.ofHours(1));
        assertThat(login("203.0.113.66", TestServer.PASSWORD).statusCode()).as("after the hour").isEqualTo(200);
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
