package dev.gatehouse.browser;

import static dev.gatehouse.browser.SignInJourneyTest.SESSION_ROWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.server.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** A person looking after their own account: their sessions, their password, and a page that tries to act for them. */
class AccountJourneyTest {

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness();

    @Test
    void a_person_sees_their_sessions_and_ends_another_device_s_which_then_is_refused() {
        String name = harness.newAccount();
        Chromium phone = harness.signIn(harness.otherBrowser(), name);
        Chromium laptop = harness.signIn(name);
        assertThat(laptop.count(SESSION_ROWS)).as("one row per session").isEqualTo(2);
        assertThat(laptop.text()).contains("this device");

        laptop.press("End session");

        assertThat(laptop.path()).isEqualTo("/account?notice=session_ended");
        assertThat(laptop.text()).contains("The session has ended.");
        assertThat(laptop.count(SESSION_ROWS)).isEqualTo(1);
        assertThat(harness.verify(phone)).as("the phone's session").isEqualTo(401);
        assertThat(harness.verify(laptop)).as("the laptop's own session").isEqualTo(200);
        assertThat(phone.open("/account").path()).startsWith("/login");
    }

    @Test
    void changing_the_password_ends_the_other_sessions_and_the_new_one_signs_in() {
        String name = harness.newAccount();
        String newPassword = "a new and much longer passphrase";
        Chromium phone = harness.signIn(harness.otherBrowser(), name);
        Chromium laptop = harness.signIn(name);

        laptop.fill("Current password", TestServer.PASSWORD).fill("New password", newPassword)
                .fill("New password again", newPassword).press("Change password");

        assertThat(laptop.path()).isEqualTo("/account?notice=password_changed");
        assertThat(laptop.text()).contains("Your password has been changed. Your other sessions have ended.");
        assertThat(laptop.count(SESSION_ROWS)).isEqualTo(1);
        assertThat(harness.verify(phone)).as("the phone's session").isEqualTo(401);
        assertThat(harness.verify(laptop)).as("the laptop's own session").isEqualTo(200);

        phone.open("/login").fill("Username", name).fill("Password", newPassword).press("Sign in");
        assertThat(phone.path()).isEqualTo("/account");
    }

    @Test
    void a_form_posted_from_another_origin_is_refused_even_with_the_real_token_and_the_session_still_works()
            throws IOException {
        String name = harness.newAccount();
        Chromium browser = harness.signedIn(name);
        // The strongest forgery: the page even carries this session's real form token, so only the
        // origin check stands between it and signing the person out everywhere.
        String token = browser.driver().findElement(By.cssSelector("form[action='/account/sessions/revoke-all'] input[name=csrf]"))
                .getDomProperty("value");
        String target = harness.server().uri("/account/sessions/revoke-all").toString();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = ("<!doctype html><title>You won a prize</title>"
                + "<form method=post action='" + target + "'><input type=hidden name=csrf value='" + token + "'></form>"
                + "<script>document.forms[0].submit()</script>").getBytes(StandardCharsets.UTF_8);
        elsewhere.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        elsewhere.start();
        try {
            browser.driver().get("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/prize");
            awaitPath(browser, "/account/sessions/revoke-all");
        } finally {
            elsewhere.stop(0);
        }

        assertThat(browser.heading()).isEqualTo("Not allowed");
        assertThat(browser.alert()).hasValueSatisfying(alert -> assertThat(alert).contains("did not come from this site"));
        assertThat(harness.verify(browser)).as("the session the forged form tried to end").isEqualTo(200);
        assertThat(browser.open("/account").path()).isEqualTo("/account");
        assertThat(browser.count(SESSION_ROWS)).isEqualTo(1);
    }

    /** Waits for the auto-submitting page to have posted its form and the answer to be shown. */
    private static void awaitPath(Chromium browser, String path) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!browser.driver().getCurrentUrl().endsWith(path) || browser.count("h1") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page on another origin did not post its form; the browser is on "
                        + browser.driver().getCurrentUrl());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
