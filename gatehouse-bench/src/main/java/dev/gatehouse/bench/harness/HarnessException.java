package dev.gatehouse.bench.harness;

/** A run that cannot go on (a system did not start, a sign-in failed): its message is the one line the harness prints. */
final class HarnessException extends RuntimeException {

    HarnessException(String message) {
        super(message);
    }

    HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
