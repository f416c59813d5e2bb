package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2idTest {

    @Test
    void the_rfc_9106_test_vector() {
        // RFC 9106 section 5.3: password 32 x 0x01, salt 16 x 0x02, secret 8 x 0x03, associated data 12 x 0x04
        Argon2Cost cost = new Argon2Cost(32, 3, 4);
        byte[] tag = Argon2id.hash(filled(32, 0x01), filled(16, 0x02), filled(8, 0x03), filled(12, 0x04),
                cost, 32, new long[Argon2id.memoryLongs(cost)]);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void agrees_with_bouncycastle_across_costs_lanes_and_tag_lengths() {
        Random random = new Random(9106);
        for (int round = 0; round < 40; round++) {
            int lanes = 1 + random.nextInt(4);
            Argon2Cost cost = new Argon2Cost(8 * lanes + random.nextInt(300), 1 + random.nextInt(3), lanes);
            int tagLength = new int[] {4, 16, 32, 64, 65, 100, 128, 1024}[random.nextInt(8)];
            byte[] password = bytes(random, random.nextInt(40));
            byte[] salt = bytes(random, 8 + random.nextInt(24));
            byte[] secret = bytes(random, random.nextInt(2) * 16);
            byte[] associated = bytes(random, random.nextInt(2) * 10);
            // a dirty, oversized buffer, as a hashing thread's reused one can be
            long[] memory = new long[Argon2id.memoryLongs(cost) + 512];
            Arrays.fill(memory, 0x5555_5555_5555_5555L);

            byte[] ours = Argon2id.hash(password, salt, secret, associated, cost, tagLength, memory);

            assertThat(ours).as("round %d: %s, tag %d", round, cost, tagLength)
                    .isEqualTo(bouncyCastle(password, salt, secret, associated, cost, tagLength));
        }
    }

    @Test
    void refuses_a_buffer_too_small_for_the_cost() {
        Argon2Cost cost = new Argon2Cost(64, 1, 1);
        assertThatThrownBy(() -> Argon2id.hash(new byte[1], new byte[8], new byte[0], new byte[0], cost, 32,
                new long[Argon2id.memoryLongs(cost) - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, byte[] secret, byte[] associated,
                                       Argon2Cost cost, int tagLength) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib()).withIterations(cost.iterations()).withParallelism(cost.parallelism())
                .withSalt(salt).withSecret(secret).withAdditional(associated)
                .build());
        byte[] out = new byte[tagLength];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
