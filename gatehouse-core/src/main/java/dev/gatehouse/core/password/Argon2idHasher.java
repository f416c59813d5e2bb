package dev.gatehouse.core.password;

import dev.gatehouse.core.crypto.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}).
 *
 * <p>This class only computes; it is CPU- and memory-heavy and is meant to be called through
 * {@link PasswordHashing}, which bounds how many hashes run at once. It is thread-safe.
 */
public final class Argon2idHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final byte[] NONE = new byte[0];
    /**
     * Each thread's hashing memory, kept between hashes so that hashing makes no garbage (see
     * {@link Argon2id}). Hashes run on the few threads of {@link PasswordHashing}, so this holds
     * one hash's memory per hashing thread (19 MiB each at the default cost).
     */
    private static final ThreadLocal<long[]> MEMORY = new ThreadLocal<>();

    private final Argon2Cost cost;

    public Argon2idHasher(Argon2Cost cost) {
        this.cost = cost;
    }

    public Argon2Cost cost() {
        return cost;
    }

    /** Hashes a (normalised) password with a fresh random salt at the configured cost. */
    public String hash(String password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] hash = compute(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$" + cost.phcParameters() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code phc}. A malformed PHC string never matches, but
     * still costs a hash so that the answer time does not tell it apart.
     */
    public boolean verify(String password, String phc) {
        Optional<Parsed> parsed = parse(phc);
        if (parsed.isEmpty()) {
            compute(password, new byte[SALT_BYTES], cost, HASH_BYTES);
            return false;
        }
        Parsed p = parsed.get();
        byte[] actual = compute(password, p.salt, p.cost, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** Whether a stored hash was made with other parameters than the configured ones. */
    public boolean needsRehash(String phc) {
        return parse(phc).map(p -> !p.cost.equals(cost)).orElse(true);
    }

    private static byte[] compute(String password, byte[] salt, Argon2Cost cost, int length) {
        int needed = Argon2id.memoryLongs(cost);
        long[] memory = MEMORY.get();
        if (memory == null || memory.length < needed) {
            memory = new long[needed];
            MEMORY.set(memory);
        }
        try {
            return Argon2id.hash(password.getBytes(StandardCharsets.UTF_8), salt, NONE, NONE, cost, length, memory);
        } finally {
            // What a hash leaves behind is derived from the password; it does not outlive the call.
            Arrays.fill(memory, 0, needed, 0L);
        }
    }

    private record Parsed(Argon2Cost cost, byte[] salt, byte[] hash) {
    }

    private static Optional<Parsed> parse(String phc) {
        if (phc == null) {
            return Optional.empty();
        }
        String[] parts = phc.split("\\$", -1);
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return Optional.empty();
        }
        try {
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] hash = B64D.decode(parts[5]);
            if (salt.length < 8 || hash.length < 16) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(new Argon2Cost(m, t, p), salt, hash));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
