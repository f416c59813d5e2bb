package dev.gatehouse.server.oidc;

import dev.gatehouse.server.http.Forms;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a request the OpenID Connect endpoints take by GET (query) or POST (form
 * body), each once; names that came more than once are kept apart, since the endpoint decides
 * how to answer them (RFC 6749 §3.1: never silently pick one).
 */
record RequestParameters(Map<String, String> values, Set<String> repeated) {

    static RequestParameters of(ServerRequest req) {
        if (req.prologue().method().equals(Method.POST)) {
            // the form reader refuses repeated fields itself (duplicate_parameter)
            return new RequestParameters(Forms.read(req), Set.of());
        }
        Map<String, String> values = new HashMap<>();
        Set<String> repeated = new HashSet<>();
        for (String name : req.query().names()) {
            List<String> all = req.query().all(name);
            if (all.size() > 1) {
                repeated.add(name);
            }
            if (!all.isEmpty()) {
                values.put(name, all.getFirst());
            }
        }
        return new RequestParameters(values, repeated);
    }

    String get(String name) {
        return values.get(name);
    }
}
