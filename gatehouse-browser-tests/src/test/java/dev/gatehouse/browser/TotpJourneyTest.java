package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Two-step sign-in with an authenticator app, in a real browser: set it up from the account page
 * by typing the secret the page shows into an app (java-otp stands in for the phone), keep the
 * recovery codes, then sign in with the password and a code, and with a recovery code.
 */
class TotpJourneyTest {

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness();

    @Test
    void enrol_from_the_account_page_then_sign_in_with_a_code_and_with_a_recovery_code() {
        String name = harness.newAccount();
        Chromium browser = harness.signIn(name);
        assertThat(browser.text()).contains("Two-step sign-in", "Off.");

        browser.press("Set up an authenticator app");
        assertThat(browser.heading()).isEqualTo("Set up an authenticator app");
        assertThat(browser.count("figure.qr svg path")).isEqualTo(1);
        harness.assertAccessible();
        AuthenticatorApp app = new AuthenticatorApp(browser.driver().findElement(By.id("totp_secret")).getText());
        browser.fill("Code from the app", app.code(now())).press("Confirm");

        assertThat(browser.heading()).isEqualTo("Your recovery codes");
        List<String> codes = browser.driver().findElements(By.cssSelector("#recovery_codes code")).stream()
                .map(WebElement::getText).toList();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        browser.follow("I have kept them, continue");
        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.text()).contains("On: sign-ins ask for a code from your app.", "10 recovery codes left.");

        browser.press("Sign out (" + name + ")");
        harness.server().clock.advance(Duration.ofSeconds(30)); // the confirming code counted once
        browser.fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(browser.path()).isEqualTo("/login/second-factor");
        assertThat(browser.heading()).isEqualTo("Second step");
        assertThat(browser.field("Code from your authenticator app").getDomAttribute("autocomplete")).isEqualTo("one-time-code");
        harness.assertAccessible();
        browser.fill("Code from your authenticator app", app.code(now())).press("Continue");
        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.text()).contains("Signed in as " + name);

        browser.press("Sign out (" + name + ")");
        browser.fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        browser.follow("Use a recovery code instead");
        browser.fill("Recovery code", codes.get(0)).press("Continue");
        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.text()).contains("9 recovery codes left.");
    }

    private static java.time.Instant now() {
        return harness.server().clock.instant();
    }
}
