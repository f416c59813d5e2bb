package dev.gatehouse.it;

import static dev.gatehouse.it.FaultChecks.ANSWER_BOUND;
import static dev.gatehouse.it.FaultChecks.assertStoreUnavailable;
import static dev.gatehouse.it.FaultChecks.retryUntil;
import static dev.gatehouse.it.FaultChecks.timed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.it.FaultChecks.Timed;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network path between a node and its store stalls: connections stay open, but no byte gets
 * through, either way (a partition, a dead NAT entry, a frozen host). Nothing tells the node, so
 * only its own timeouts can: requests that need the store are answered 503
 * {@code store_unavailable} within seconds instead of hanging. When the path carries bytes again,
 * or when the stalled connections are finally dropped, the node works again by itself: its
 * connections are not left poisoned. A {@link StallingProxy} between the node and a throwaway
 * store plays the network; each store's test extends this class with how to start it and a node
 * on it. Times are printed, not asserted beyond generous bounds.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class StalledPathTest {

    @TempDir
    Path temp;
    StallingProxy proxy;
    TestServer server;

    /** The store's name, for what the test prints. */
    abstract String store();

    /**
     * Starts the store, a {@link #proxy} to it, and a {@link #server} that reaches it through the proxy.
     */
    abstract void startBehindProxy() throws Exception;

    /** Stops the store. */
    abstract void stopStore() throws Exception;

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            stopStore();
        }
    }

    @Test
    void with_the_path_stalled_requests_get_a_prompt_503_and_the_node_recovers_when_it_resumes_or_is_dropped()
            throws Exception {
        startBehindProxy();
        String store = store();
        server.createAccount("alice", false);
        Browser before = new Browser(server);
        assertThat(before.login("alice").statusCode()).isEqualTo(200);
        assertThat(before.get("/v1/verify").statusCode()).isEqualTo(200);

        proxy.stall();
        answersPromptlyWhileStalled(store, before);

        proxy.resume();
        long resumed = System.nanoTime();
        Timed<HttpResponse<String>> check = retryUntil(200, resumed, () -> before.get("/v1/verify"));
        System.out.println("first cookie check after the path to " + store + " resumed: " + check.answer().statusCode()
                + " after " + check.millis() + " ms");
        assertThat(check.answer().statusCode()).isEqualTo(200);
        Browser afterResume = new Browser(server);
        assertThat(afterResume.login("alice").statusCode()).isEqualTo(200);
        assertThat(new Browser(server).get("/health/ready").statusCode()).isEqualTo(200);

        proxy.stall();
        answersPromptlyWhileStalled(store, before);

        proxy.dropConnections(); // as a peer or a firewall finally does: the node sees its connections end
        proxy.resume();
        long dropped = System.nanoTime();
        check = retryUntil(200, dropped, () -> before.get("/v1/verify"));
        System.out.println("first cookie check after the stalled connections to " + store + " were dropped: "
                + check.answer().statusCode() + " after " + check.millis() + " ms");
        assertThat(check.answer().statusCode()).isEqualTo(200);
        assertThat(new Browser(server).login("alice").statusCode()).isEqualTo(200);
        assertThat(afterResume.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(new Browser(server).get("/health/ready").statusCode()).isEqualTo(200);
    }

    private void answersPromptlyWhileStalled(String store, Browser signedIn) {
        Timed<HttpResponse<String>> check = timed(() -> signedIn.get("/v1/verify"));
        System.out.println("cookie check with the path to " + store + " stalled: " + check.answer().statusCode()
                + " after " + check.millis() + " ms");
        assertStoreUnavailable(check.answer());
        assertThat(check.millis()).isLessThan(ANSWER_BOUND.toMillis());

        Timed<HttpResponse<String>> signIn = timed(() -> new Browser(server).login("alice"));
        System.out.println("sign-in with the path to " + store + " stalled: " + signIn.answer().statusCode()
                + " after " + signIn.millis() + " ms");
        assertStoreUnavailable(signIn.answer());
        assertThat(signIn.millis()).isLessThan(ANSWER_BOUND.toMillis());

        Timed<HttpResponse<String>> ready = timed(() -> new Browser(server).get("/health/ready"));
        System.out.println("readiness with the path to " + store + " stalled: " + ready.answer().statusCode()
                + " after " + ready.millis() + " ms");
        assertThat(ready.answer().statusCode()).isEqualTo(503);
        assertThat(new Browser(server).get("/health/live").statusCode()).isEqualTo(200);
    }
}
