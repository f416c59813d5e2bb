package dev.gatehouse.store.redis;

import dev.gatehouse.core.error.StoreUnavailableException;

/**
 * A Redis store could not do what was asked: Redis failed, timed out or is unreachable.
 * Unchecked, because no caller of a port can do anything about it but report it.
 *
 * <p>The message names the operation, never a value or a key: keys embed token hashes, and
 * messages end up in logs. The cause is kept for diagnosis; Lettuce's own messages name the
 * command and the server's reply, not the arguments.
 */
public final class RedisStoreException extends StoreUnavailableException {

    RedisStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
