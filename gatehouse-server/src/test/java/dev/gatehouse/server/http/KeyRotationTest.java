package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rotation seen from outside: what the JWKS publishes and which key signs, at every stage. */
class KeyRotationTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser client;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        client = new Browser(server);
    }

    JsonNode login() {
        return json(client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"transport\":\"token\"}"));
    }

    List<String> publishedKids() {
        List<String> kids = new ArrayList<>();
        json(client.get("/.well-known/jwks.json")).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    static String kidOf(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).path("kid").asText();
    }

    int verify(String access) {
        return client.send(client.request("/v1/verify").header("Authorization", "Bearer " + access).GET(), false).statusCode();
    }

    @Test
    void a_new_key_is_published_before_it_signs_and_the_old_one_stays_until_its_tokens_expire() throws Exception {
        String oldToken = login().path("access_token").asText();
        String oldKid = kidOf(oldToken);
        assertThat(publishedKids()).containsExactly(oldKid);

        String newKid = server.gatehouse().signingKeys().rotate().kid();
        server.clock.advance(Duration.ofSeconds(6)); // past the key list cache
        assertThat(publishedKids()).containsExactlyInAnyOrder(oldKid, newKid);
        assertThat(kidOf(login().path("access_token").asText())).isEqualTo(oldKid);

        server.clock.advance(Duration.ofMinutes(5)); // one JWKS cache lifetime: the new key signs
        String newToken = login().path("access_token").asText();
        assertThat(kidOf(newToken)).isEqualTo(newKid);
        assertThat(verify(oldToken)).isEqualTo(200);
        assertThat(publishedKids()).containsExactlyInAnyOrder(oldKid, newKid);

        server.clock.advance(Duration.ofMinutes(12)); // every token of the old key has expired
        server.gatehouse().signingKeys().maintain(Duration.ZERO);
        assertThat(publishedKids()).containsExactly(newKid);
        assertThat(verify(oldToken)).isEqualTo(401);
    }
}
