package dev.gatehouse.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.pages.PagesTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider's pages follow the pages' rules: security headers, no inline script or style, escaped input. */
class OidcPagesTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();

    @Test
    void the_consent_device_and_sign_out_pages_send_the_security_headers_and_escape_what_they_echo() {
        server.createAccount("alice", false);
        Oidc.register(server, "third", false);
        Browser b = new Browser(server);
        PagesTest.signIn(b, "alice", "/account");
        Map<String, String> request = Oidc.request("third");
        request.put("state", "\"><script>alert(1)</script>");
        for (String path : new String[] {Oidc.authorizePath(request), "/device", "/device?user_code=%22%3E%3Cscript%3E",
                "/oauth2/logout?state=%22%3E%3Cscript%3E"}) {
            HttpResponse<String> page = Oidc.html(b, path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.body()).as(path).doesNotContain("<script", "style=\"").doesNotContainPattern("\\son[a-z]+=");
        }
    }
}
