package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** Signing in and out through today's pages, in a real browser. */
class SignInJourneyTest {

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness();

    @Test
    void signing_in_through_the_form_lands_on_the_account_page() {
        String name = harness.newAccount();

        Chromium browser = harness.signIn(name);

        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.heading()).isEqualTo("Signed in as " + name);
        assertThat(browser.text()).contains("(this device)");
    }

    @Test
    void a_wrong_password_says_so_keeps_the_username_and_the_right_one_then_signs_in() {
        String name = harness.newAccount();
        Chromium browser = harness.browser();

        browser.open("/login").fill("Username", name).fill("Password", "not the password").press("Sign in");

        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.alert()).hasValueSatisfying(alert -> assertThat(alert).isNotBlank());
        assertThat(browser.field("Username").getDomProperty("value")).isEqualTo(name);
        assertThat(browser.field("Password").getDomProperty("value")).isEmpty();

        browser.fill("Password", TestServer.PASSWORD).press("Sign in");

        assertThat(browser.path()).isEqualTo("/account");
    }

    @Test
    void the_account_page_sends_a_signed_out_visitor_to_sign_in_and_back_again() {
        String name = harness.newAccount();
        Chromium browser = harness.browser();

        browser.open("/account");
        assertThat(browser.path()).isEqualTo("/login?return_to=%2Faccount");

        browser.fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(browser.path()).isEqualTo("/account");
    }

    @Test
    void signing_in_and_out_works_with_javascript_turned_off() {
        String name = harness.newAccount();
        Chromium browser = harness.browser().javascript(false);

        harness.signIn(name);
        assertThat(browser.path()).isEqualTo("/account");

        browser.press("Sign out");
        assertThat(browser.path()).isEqualTo("/login");
        browser.open("/account");
        assertThat(browser.path()).startsWith("/login");
    }

    @Test
    void signing_out_everywhere_signs_out_the_other_device_too() {
        String name = harness.newAccount();
        Chromium phone = harness.otherBrowser();
        phone.open("/login").fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(phone.path()).isEqualTo("/account");

        Chromium laptop = harness.signIn(name);
        assertThat(laptop.driver().findElements(By.cssSelector("table tr td:first-child")))
                .as("one row per session").hasSize(2);
        laptop.press("Sign out everywhere");
        assertThat(laptop.path()).isEqualTo("/login");

        phone.open("/account");
        assertThat(phone.path()).startsWith("/login");
    }
}
