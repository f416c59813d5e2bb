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
 * @param registration what it is registered for as an OAuth / OpenID Connect client
 */
public record Client(String id, String secretHash, Set<String> audiences, Instant createdAt,
                     ClientRegistration registration) {

    /** A client without an OAuth registration: see {@link ClientRegistration#basic(boolean)}. */
    public Client(String id, String secretHash, Set<String> audiences, Instant createdAt) {
        this(id, secretHash, audiences, createdAt, ClientRegistration.basic(secretHash != null));
    }

    public Client {
        Objects.requireNonNull(id, "id");
        audiences = Set.copyOf(audiences);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(registration, "registration");
    }

    /** Whether it proves itself at the token endpoint (a secret or a signed JWT), unlike a public client. */
    public boolean isConfidential() {
        return secretHash != null || registration.authMethod() != ClientAuthMethod.NONE;
    }

    /**
     * Whether it has no OAuth registration of its own ({@link ClientRegistration#basic}): it
     * keeps what such clients always could (a secret by Basic or in the form, refreshing).
     */
    public boolean isBasic() {
        return registration.equals(ClientRegistration.basic(secretHash != null));
    }

    @Override
    public String toString() {
        return "Client[id=" + id + ", confidential=" + isConfidential() + ", audiences=" + audiences + "]";
    }
}
