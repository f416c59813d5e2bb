package dev.gatehouse.server.cli;

/**
 * JVM settings Gatehouse chooses when the operator has not, applied first thing in
 * {@link Main#main}, before any virtual thread exists.
 *
 * <p>Carrier threads for virtual threads: twice the processors instead of the JDK's one per
 * processor. Requests run on virtual threads; with one carrier per core, a carrier that the
 * operating system preempts (for a GC or JIT thread, the load generator on a test machine, or
 * another process) holds up the connections queued on it, and the tail grows. Measured on two
 * cores with 64 connections: {@code /v1/verify} with a session cookie p99 11.3 ms with 2
 * carriers, 5.9 ms with 4, 13 ms with 8; with a bearer token (requests of ~800 bytes) 89-94 ms
 * with 2 and 6.4-9.2 ms with 4; under a login flood 17 ms with 2 and 10.8 ms with 4.
 * {@code -Djdk.virtualThreadScheduler.parallelism=N} on the command line overrides this.
 */
final class RuntimeDefaults {

    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    private RuntimeDefaults() {
    }

    static void apply() {
        if (System.getProperty(CARRIERS) == null) {
            System.setProperty(CARRIERS, Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
        }
    }
}
