package dev.gatehouse.core.password;

/**
 * The cost of one Argon2id hash. The default is the OWASP minimum for Argon2id
 * (m=19456 KiB, t=2, p=1).
 *
 * @param memoryKib   memory per hash in KiB (at least 8 × parallelism)
 * @param iterations  passes over the memory (at least 1)
 * @param parallelism lanes (1 to 16)
 */
public record Argon2Cost(int memoryKib, int iterations, int parallelism) {

    public static final Argon2Cost OWASP_MINIMUM = new Argon2Cost(19456, 2, 1);

    public Argon2Cost {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1 to 16, got " + parallelism);
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2 iterations must be 1 to 100, got " + iterations);
        }
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 memory must be " + (8 * parallelism)
                    + " to 4194304 KiB, got " + memoryKib);
        }
    }

    /** PHC parameter segment, for example {@code m=19456,t=2,p=1}. */
    String phcParameters() {
        return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }
}
