package dev.gatehouse.server.config;

/** A setting has a value Gatehouse cannot use; the message names the setting and what is allowed. */
public final class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message, null, false, false);
    }
}
