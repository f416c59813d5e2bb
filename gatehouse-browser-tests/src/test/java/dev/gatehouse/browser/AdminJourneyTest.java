package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.pages.StepUpPageTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** An administrator at work, and someone who is not one trying the same pages. */
class AdminJourneyTest {

    /** One row per key on the keys page. */
    static final String KEY_ROWS = "table tbody tr";

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness();

    /**
     * Signed in as a new administrator. Each journey signs in afresh rather than sharing one
     * sign-in: one journey moves the server's clock past {@code pages.reauth-after}, and a shared
     * sign-in would then send every later journey to the step-up page.
     */
    private static Chromium asAdmin() {
        return harness.signIn(harness.newAdmin());
    }

    @Test
    void an_admin_finds_an_account_locks_it_and_its_owner_s_next_request_is_refused() {
        String name = harness.newAccount();
        Chromium owner = harness.signIn(harness.otherBrowser(), name);
        assertThat(owner.path()).isEqualTo("/account");

        Chromium browser = asAdmin().open("/admin/accounts").fill("Username starts with", name).press("Search");
        browser.driver().findElement(By.linkText(name)).click();
        assertThat(browser.path()).isEqualTo("/admin/accounts/" + name);
        browser.press("Lock and end its sessions");

        assertThat(browser.path()).isEqualTo("/admin/accounts/" + name + "?notice=account_locked");
        assertThat(browser.text()).contains("The account is locked and its sessions have ended.", "Locked");
        assertThat(owner.open("/account").path()).startsWith("/login");
        assertThat(harness.verify(owner)).isEqualTo(401);
        owner.fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(owner.alert()).hasValue("This account is locked. Ask an administrator to unlock it.");
    }

    @Test
    void an_admin_rotates_the_signing_key_and_the_new_one_is_listed() {
        Chromium browser = asAdmin().open("/admin/keys");
        int before = browser.count(KEY_ROWS);

        browser.press("Rotate: make a new signing key");

        assertThat(browser.path()).isEqualTo("/admin/keys?notice=key_rotated");
        assertThat(browser.text()).contains("A new signing key is in use.");
        assertThat(browser.count(KEY_ROWS)).isEqualTo(before + 1);
    }

    @Test
    void an_admin_registers_a_client_and_its_secret_is_shown_that_once() {
        Chromium browser = asAdmin().open("/admin/clients");

        browser.fill("Client id", "reports-app").fill("Audiences", "api").press("Register");

        assertThat(browser.text()).contains("Client reports-app is registered.", "Its secret is shown this once");
        String secret = browser.driver().findElement(By.cssSelector(".secret")).getText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(20);

        browser.open("/admin/clients");
        assertThat(browser.text()).contains("reports-app").doesNotContain(secret);
        assertThat(browser.count(".secret")).isZero();
    }

    @Test
    void an_account_without_the_admin_role_is_refused_the_admin_pages() {
        String name = harness.newAccount();
        Chromium browser = harness.signedIn(name);
        assertThat(browser.count("nav a[href='/admin']")).as("an Admin link").isZero();

        browser.open("/admin");

        assertThat(browser.heading()).isEqualTo("Not allowed");
        assertThat(browser.text()).contains("Administrator pages need the admin role", "Error 403");
        browser.open("/admin/accounts");
        assertThat(browser.heading()).isEqualTo("Not allowed");
    }

    @Test
    void a_sensitive_action_long_after_the_password_was_entered_asks_for_it_again_on_the_step_up_page_then_goes_on() {
        String name = harness.newAccount();
        Chromium browser = asAdmin().open("/admin/accounts/" + name);
        harness.server().clock.advance(Duration.ofMinutes(11));

        browser.press("Lock and end its sessions");
        assertThat(browser.path()).isEqualTo("/step-up?need=recent&max_age=600&return_to=%2Fadmin%2Faccounts%2F" + name);
        assertThat(browser.heading()).isEqualTo("Confirm it is you");
        browser.fill("Password", TestServer.PASSWORD).press("Confirm");

        assertThat(browser.path()).isEqualTo("/admin/accounts/" + name);
        browser.press("Lock and end its sessions");
        assertThat(browser.text()).contains("The account is locked and its sessions have ended.");
    }

    @Test
    void an_admin_with_an_authenticator_app_proves_it_on_the_step_up_page_before_a_sensitive_action() {
        String admin = harness.newAdmin();
        Chromium browser = harness.signIn(admin);
        // set up after signing in, so this session was proved by the password alone
        StepUpPageTest.Enrolled app = StepUpPageTest.enrolTotp(harness.server(), admin);
        StepUpPageTest.assumeStoredSessionsKeepWhatTheyProved(harness.server());
        browser.open("/admin/keys");
        int before = browser.count(KEY_ROWS);

        browser.press("Rotate: make a new signing key");
        assertThat(browser.path()).isEqualTo("/step-up?need=mfa&max_age=600&return_to=%2Fadmin%2Fkeys");
        assertThat(browser.heading()).isEqualTo("Confirm it is you");
        String code = new AuthenticatorApp(app.secret()).code(harness.server().clock.instant());
        browser.fill("Code from your authenticator app", code.equals("000000") ? "111111" : "000000").press("Confirm");
        assertThat(browser.alert()).hasValue("That code is wrong or was used already.");
        browser.fill("Code from your authenticator app", code).press("Confirm");

        assertThat(browser.path()).isEqualTo("/admin/keys");
        browser.press("Rotate: make a new signing key");
        assertThat(browser.path()).isEqualTo("/admin/keys?notice=key_rotated");
        assertThat(browser.count(KEY_ROWS)).isEqualTo(before + 1);
    }
}
