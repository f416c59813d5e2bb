package dev.gatehouse.core.account;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The cursor of an account search: the last username key of a page, base64url-encoded so that
 * it travels in a query string as it is, and so that callers treat it as opaque rather than
 * building one from a name.
 */
final class AccountCursor {

    /** Longer than any key's encoding; a bound on what is decoded. */
    private static final int MAX_LENGTH = 512;

    private AccountCursor() {
    }

    static String encode(String usernameKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(usernameKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidInputException {@code invalid_cursor} for anything {@link #encode} cannot have made */
    static String decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid();
        }
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException(ErrorCode.INVALID_CURSOR, "this cursor was not handed out by the account list");
    }
}
