package dev.gatehouse.server.cli;

/**
 * JVM settings Gatehouse chooses when the operator has not, applied first thing in
 * {@link Main#main}, before any virtual thread exists.
 *
 * <p>Carrier threads for virtual threads: twice the processors instead of the JDK's one per
 * processor. Requests run on virtual threads; with one carrier per core, a carrier that the
 * operating system preempts (for a GC or JIT thread, the load generator on a test machine, or
 * another process) holds up the connections queued on it, and the tail grows. Two per processor
 * gave the shortest tail of the counts tried (the numbers, and how they were measured, are in
 * docs/benchmarks.md, "What the last round of profiling changed").
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
