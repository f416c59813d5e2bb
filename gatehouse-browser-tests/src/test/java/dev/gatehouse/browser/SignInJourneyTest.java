package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in and out through the pages, in a real browser. Two attempts per account and browser
 * before the throttle answers, so that the throttled journey needs only a few; each journey signs
 * in as an account of its own, so none meets another's limit.
 */
class SignInJourneyTest {

    /** The {@code form} of each session row on the account page. */
    static final String SESSION_ROWS = "form[action='/account/sessions/revoke']";

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness(Map.of(Setting.PASSWORD_MAX_ATTEMPTS, "2"));

    @Test
    void signing_in_through_the_form_lands_on_the_account_page() {
        String name = harness.newAccount();

        Chromium browser = harness.signIn(name);

        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.heading()).isEqualTo("Your account");
        assertThat(browser.text()).contains("Signed in as " + name, "this device");
    }

    @Test
    void a_signed_out_visitor_is_sent_to_sign_in_and_then_to_the_page_they_asked_for() {
        String name = harness.newAdmin();
        Chromium browser = harness.browser();

        browser.open("/admin/audit?account=" + name);
        assertThat(browser.path()).isEqualTo("/login?return_to=%2Fadmin%2Faudit%3Faccount%3D" + name);

        browser.fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(browser.path()).isEqualTo("/admin/audit?account=" + name);
        assertThat(browser.heading()).isEqualTo("Audit log");
    }

    @Test
    void a_wrong_password_says_so_keeps_the_username_and_the_right_one_then_signs_in() {
        String name = harness.newAccount();
        Chromium browser = harness.browser();

        browser.open("/login").fill("Username", name).fill("Password", "not the password").press("Sign in");

        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.alert()).hasValue("The username or password is wrong.");
        assertThat(browser.field("Username").getDomProperty("value")).isEqualTo(name);
        assertThat(browser.field("Password").getDomProperty("value")).isEmpty();

        browser.fill("Password", TestServer.PASSWORD).press("Sign in");

        assertThat(browser.path()).isEqualTo("/account");
    }

    @Test
    void after_too_many_wrong_passwords_even_the_right_one_waits_and_the_page_says_how_long() {
        String name = harness.newAccount();
        Chromium browser = harness.browser().open("/login");
        for (int i = 0; i < 2; i++) {
            browser.fill("Username", name).fill("Password", "guess " + i).press("Sign in");
            assertThat(browser.alert()).hasValue("The username or password is wrong.");
        }

        browser.fill("Password", TestServer.PASSWORD).press("Sign in");

        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.alert()).hasValueSatisfying(alert -> assertThat(alert)
                .matches("Too many sign-in attempts\\. Try again in (\\d+ minutes|a minute|\\d+ seconds|a second)\\."));
        assertThat(harness.verify(browser)).as("no session was made").isEqualTo(401);
    }

    @Test
    void signing_in_ending_a_session_and_signing_out_work_with_javascript_turned_off() {
        String name = harness.newAccount();
        Chromium phone = harness.signIn(harness.otherBrowser(), name);
        Chromium browser = harness.browser().javascript(false);

        harness.signIn(name);
        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.count(SESSION_ROWS)).isEqualTo(2);

        browser.press("End session");
        assertThat(browser.path()).isEqualTo("/account?notice=session_ended");
        assertThat(browser.count(SESSION_ROWS)).isEqualTo(1);
        assertThat(harness.verify(phone)).as("the ended session").isEqualTo(401);

        browser.press("Sign out (" + name + ")");
        assertThat(browser.path()).isEqualTo("/login?notice=signed_out");
        assertThat(browser.text()).contains("You are signed out.");
        browser.open("/account");
        assertThat(browser.path()).startsWith("/login");
    }

    @Test
    void signing_out_everywhere_signs_out_the_other_device_too() {
        String name = harness.newAccount();
        Chromium phone = harness.signIn(harness.otherBrowser(), name);
        assertThat(phone.path()).isEqualTo("/account");

        Chromium laptop = harness.signIn(name);
        assertThat(laptop.count(SESSION_ROWS)).as("one row per session").isEqualTo(2);
        laptop.press("Sign out everywhere");
        assertThat(laptop.path()).isEqualTo("/login?notice=signed_out_everywhere");
        assertThat(laptop.text()).contains("You are signed out on every device.");

        phone.open("/account");
        assertThat(phone.path()).startsWith("/login");
    }
}
