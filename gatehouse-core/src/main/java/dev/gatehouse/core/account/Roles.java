package dev.gatehouse.core.account;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for role names. Roles travel to upstreams in the {@code Remote-Groups} header, a
 * comma-separated list, so a name holds no comma, space or other separator; they are compared
 * exactly, case included.
 */
public final class Roles {

    /** Most roles one account may have. */
    public static final int MAX_ROLES = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private Roles() {
    }

    /**
     * Checks a set of role names.
     *
     * @throws InvalidInputException {@code invalid_role} naming the first bad one
     */
    public static Set<String> validate(Set<String> roles) {
        if (roles == null) {
            throw new InvalidInputException(ErrorCode.INVALID_ROLE, "a list of roles is required (it may be empty)");
        }
        if (roles.size() > MAX_ROLES) {
            throw new InvalidInputException(ErrorCode.INVALID_ROLE, "an account has at most " + MAX_ROLES
                    + " roles, this list has " + roles.size());
        }
        for (String role : roles) {
            if (role == null || !NAME.matcher(role).matches()) {
                throw new InvalidInputException(ErrorCode.INVALID_ROLE, "a role name has 1 to 64 letters, digits"
                        + " or . _ : - and starts with a letter or digit");
            }
        }
        return Set.copyOf(roles);
    }
}
