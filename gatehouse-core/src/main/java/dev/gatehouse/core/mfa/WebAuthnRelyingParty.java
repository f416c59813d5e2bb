package dev.gatehouse.core.mfa;

import java.util.List;
import java.util.Objects;

/**
 * Who passkeys are registered with: the relying-party id (a registrable domain such as
 * {@code example.com}, or {@code localhost}; never an IP address, which browsers refuse), the name
 * authenticators show, and the origins whose pages may run the ceremonies.
 *
 * @param id      the RP id; a passkey works only for this id and its subdomains' pages
 * @param name    shown by the browser and authenticator ("Gatehouse")
 * @param origins exact origins ({@code https://auth.example.com}) allowed in the client data
 */
public record WebAuthnRelyingParty(String id, String name, List<String> origins) {

    public WebAuthnRelyingParty {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        origins = List.copyOf(origins);
        if (id.isBlank() || origins.isEmpty()) {
            throw new IllegalArgumentException("a relying party needs an id and at least one origin");
        }
    }
}
