package dev.gatehouse.core.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered program that obtains or checks tokens.
 *
 * @param id         the {@code client_id}
 * @param secretHash SHA-256 (hex) of the client secret for confidential clients (resource servers
 *                   that introspect), or null for public clients (browsers, mobile apps)
 * @param audiences  audiences this client may ask tokens for; empty means every configured one
 * @param createdAt  when it was registered
 */
public record Client(String id, String secretHash, Set<String> audiences, Instant createdAt) {

    public Client {
        Objects.requireNonNull(id, "id");
        audiences = Set.copyOf(audiences);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isConfidential() {
        return secretHash != null;
    }

    @Override
    public String toString() {
        return "Client[id=" + id + ", confidential=" + isConfidential() + ", audiences=" + audiences + "]";
    }
}
