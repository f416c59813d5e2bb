package dev.gatehouse.server.config;

import java.time.Duration;

/**
 * How long a client can hold a connection of the HTTP listener. The web server has no read
 * timeout of its own: without these, a client sending one byte a minute keeps its connection.
 *
 * @param readTimeout how long a request's header section, and then its body, may take to arrive
 * @param idleTimeout how long a connection may stay open with no request in progress; also how long a
 *                    request line may take
 */
public record ConnectionLimits(Duration readTimeout, Duration idleTimeout) {
}
