package dev.gatehouse.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;

/**
 * The client's address: the peer of the connection, or, when that peer is a trusted reverse
 * proxy, the last address it appended to {@code X-Forwarded-For}. Headers from untrusted peers
 * are ignored, since anyone can send them.
 */
public final class ClientAddress {

    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String of(ServerRequest req) {
        String peer = peer(req.remotePeer().address());
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> forwarded = req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of);
        if (forwarded.isEmpty()) {
            return peer;
        }
        String last = forwarded.getLast();
        String[] hops = last.split(",");
        String hop = hops[hops.length - 1].strip();
        return hop.isEmpty() || hop.length() > 64 ? peer : hop;
    }

    private static String peer(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "";
    }
}
