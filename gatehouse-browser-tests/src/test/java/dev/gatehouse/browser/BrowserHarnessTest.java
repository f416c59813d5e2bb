package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The harness does what its helpers promise, so that a journey failing means the page is wrong. */
class BrowserHarnessTest {

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness();

    @Test
    void a_shared_sign_in_is_made_once_and_its_cookies_put_back_afterwards() {
        String name = harness.newAccount();
        harness.signedIn(name);
        harness.browser().forget();

        Chromium browser = harness.signedIn(name);

        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.driver().findElements(By.cssSelector("form[action='/account/sessions/revoke']")))
                .as("one session: the second time signed in with the first time's cookies").hasSize(1);
    }

    @Test
    void forgetting_leaves_the_browser_signed_out() {
        harness.signedIn(harness.newAccount());

        harness.browser().forget();

        assertThat(harness.browser().open("/account").path()).startsWith("/login");
    }

    @Test
    void with_javascript_turned_off_a_page_script_does_not_run() {
        Chromium browser = harness.browser();
        String page = "data:text/html," + URLEncoder.encode(
                "<title>before</title><script>document.title = 'after'</script>", StandardCharsets.UTF_8).replace("+", "%20");

        browser.driver().get(page);
        assertThat(browser.title()).isEqualTo("after");

        browser.javascript(false).driver().get(page);
        assertThat(browser.title()).isEqualTo("before");
    }

    @Test
    void axe_runs_on_a_page_whose_content_security_policy_blocks_the_page_s_own_scripts() {
        Chromium browser = harness.browser().open("/login");
        Object blocked = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                document.addEventListener('securitypolicyviolation', e => done(e.violatedDirective));
                const s = document.createElement('script');
                s.textContent = 'window.inlineScriptRan = true';
                document.body.append(s);
                setTimeout(() => done(window.inlineScriptRan ? 'ran' : 'no violation reported'), 2000);
                """);
        assertThat(blocked).as("an inline script added to the page").asString().startsWith("script-src");

        assertThat(harness.axe().path()).isEqualTo("/login");
    }

    @Test
    void axe_reports_a_critical_violation_as_blocking() {
        Chromium browser = harness.browser();
        browser.driver().get("data:text/html," + URLEncoder.encode(
                "<!doctype html><html lang=en><title>t</title><main><img src=x.png></main>", StandardCharsets.UTF_8)
                .replace("+", "%20"));

        Axe.Findings findings = harness.axe();

        assertThat(findings.blocking()).extracting(Axe.Violation::rule).contains("image-alt");
        assertThat(findings.describe()).contains("critical image-alt");
    }
}
