package dev.gatehouse.core.client;

import java.util.Arrays;
import java.util.Optional;

/** How a client proves itself at the token endpoint ({@code token_endpoint_auth_method}, RFC 7591). */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT signed with one of the client's keys (RFC 7523 §2.2). */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** A public client: a browser application or a native app, which cannot keep a secret. */
    NONE("none");

    private final String wireName;

    ClientAuthMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the client holds a shared secret. */
    public boolean usesSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    public static Optional<ClientAuthMethod> fromWire(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
