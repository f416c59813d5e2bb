package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnToTest {

    private final ReturnTo returnTo = new ReturnTo(List.of("https://app.example.com", "http://localhost:3000"));

    @Test
    void paths_on_gatehouse_itself_are_kept() {
        assertThat(returnTo.resolve("/account")).isEqualTo("/account");
        assertThat(returnTo.resolve("/admin/accounts?q=al&cursor=x#top")).isEqualTo("/admin/accounts?q=al&cursor=x#top");
        assertThat(returnTo.resolve("/app/inbox%20today")).isEqualTo("/app/inbox%20today");
    }

    @Test
    void addresses_on_a_listed_origin_are_kept() {
        assertThat(returnTo.resolve("https://app.example.com")).isEqualTo("https://app.example.com");
        assertThat(returnTo.resolve("https://app.example.com/inbox?x=1")).isEqualTo("https://app.example.com/inbox?x=1");
        assertThat(returnTo.resolve("http://localhost:3000/")).isEqualTo("http://localhost:3000/");
    }

    @Test
    void the_classic_open_redirect_tricks_all_land_on_the_account_page() {
        List<String> tricks = List.of(
                "//evil.example", "//evil.example/path", "///evil.example", "/\\evil.example", "\\\\evil.example",
                "/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%5cevil.example",
                "https:evil.example", "https:/evil.example", "http:\\\\evil.example", "javascript:alert(1)",
                "data:text/html,hi", "https://evil.example", "https://app.example.com.evil.example/",
                "https://app.example.com@evil.example/", "https://user:pw@app.example.com/",
                "https://evil.example\\@app.example.com/", "https://evil.example#@app.example.com",
                "https://evil.example?@app.example.com", "http://app.example.com/", "https://app.example.com:8443/",
                "https://APP.example.com.evil.example", "https://app.example.comevil.example",
                " /account", "/account\r\nSet-Cookie: x=1", "/ac\tcount", "\t//evil.example", "/café",
                "https://app.example.com/\u0000", "", "evil.example", "./evil", "..//evil.example");
        for (String trick : tricks) {
            assertThat(returnTo.resolve(trick)).as(trick).isEqualTo("/account");
        }
        assertThat(returnTo.resolve(null)).isEqualTo("/account");
        assertThat(returnTo.resolve("/" + "a".repeat(3000))).isEqualTo("/account");
    }

    @Test
    void with_no_origins_listed_only_local_paths_are_kept() {
        ReturnTo local = new ReturnTo(List.of());
        assertThat(local.resolve("https://app.example.com/")).isEqualTo("/account");
        assertThat(local.resolve("/app")).isEqualTo("/app");
    }
}
