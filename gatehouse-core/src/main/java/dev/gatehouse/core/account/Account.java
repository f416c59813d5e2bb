package dev.gatehouse.core.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A person or service that can sign in.
 *
 * @param id           stable random identifier, never reused; what sessions and tokens refer to
 * @param username     the name as it was given (NFC), for display
 * @param usernameKey  the comparison form of the name, see {@link Username#key(String)}
 * @param passwordHash PHC string of the password hash; never leaves the server
 * @param roles        role names, sent to upstreams as {@code Remote-Groups}
 * @param locked       a locked account cannot sign in and has no live sessions
 * @param createdAt    when the account was created
 */
public record Account(String id, String username, String usernameKey, String passwordHash,
                      Set<String> roles, boolean locked, Instant createdAt) {

    /** The role that may use the admin API and pages. */
    public static final String ADMIN_ROLE = "admin";

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(usernameKey, "usernameKey");
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    public Account withPasswordHash(String newHash) {
        return new Account(id, username, usernameKey, newHash, roles, locked, createdAt);
    }

    public Account withLocked(boolean newLocked) {
        return new Account(id, username, usernameKey, passwordHash, roles, newLocked, createdAt);
    }

    public Account withRoles(Set<String> newRoles) {
        return new Account(id, username, usernameKey, passwordHash, newRoles, locked, createdAt);
    }

    /** Never prints the password hash. */
    @Override
    public String toString() {
        return "Account[id=" + id + ", username=" + username + ", roles=" + roles + ", locked=" + locked + "]";
    }
}
