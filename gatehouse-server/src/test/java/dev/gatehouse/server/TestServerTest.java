package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the tests of every module rely on when they start Gatehouse through {@link TestServer}. */
class TestServerTest {

    @Test
    void a_restarted_server_answers_at_the_same_address_with_the_same_data(@TempDir Path data) {
        try (TestServer server = TestServer.start(data)) {
            server.createAccount("alice", false);
            int port = server.port();

            server.close();
            server.start();

            assertThat(server.port()).isEqualTo(port);
            assertThat(new Browser(server).login("alice").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void as_an_extension_it_serves_from_a_folder_of_its_own_that_is_gone_after_the_test() throws Exception {
        TestServer server = TestServer.eachTest();

        server.beforeEach(null);
        Path folder = server.settings().dataDirectory();
        server.createAccount("alice", false);
        assertThat(new Browser(server).login("alice").statusCode()).isEqualTo(200);
        server.afterEach(null);

        assertThat(Files.exists(folder)).isFalse();
    }
}
