package dev.gatehouse.server.http.api;

import dev.gatehouse.server.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /health}: the process is up and serving. */
public final class HealthEndpoint implements Handler {

    public record Health(String status) {
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, new Health("up"));
    }
}
