package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2idHasherTest {

    private static final Argon2Cost CHEAP = new Argon2Cost(64, 1, 1);
    private static final Argon2idHasher HASHER = new Argon2idHasher(CHEAP);

    /** From the reference implementation's test suite (phc-winner-argon2, src/test.c). */
    private static final String REFERENCE_M65536_T2_P1 =
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private static final String REFERENCE_M256_T2_P2 =
            "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc";

    @Test
    void a_hash_is_a_phc_string_with_the_configured_cost() {
        String phc = HASHER.hash("correct horse");

        // 16-byte salt and 32-byte hash in standard base64 without padding: 22 and 43 characters
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        String[] parts = phc.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
    }

    @Test
    void the_cost_segment_names_memory_iterations_and_parallelism() {
        String phc = new Argon2idHasher(new Argon2Cost(128, 2, 2)).hash("correct horse");

        assertThat(phc).startsWith("$argon2id$v=19$m=128,t=2,p=2$");
    }

    @Test
    void the_right_password_verifies() {
        String phc = HASHER.hash("correct horse");

        assertThat(HASHER.verify("correct horse", phc)).isTrue();
    }

    @Test
    void a_wrong_password_does_not_verify() {
        String phc = HASHER.hash("correct horse");

        assertThat(HASHER.verify("correct horsf", phc)).isFalse();
        assertThat(HASHER.verify("Correct horse", phc)).isFalse();
        assertThat(HASHER.verify("", phc)).isFalse();
    }

    @Test
    void two_hashes_of_the_same_password_have_different_salts() {
        String first = HASHER.hash("correct horse");
        String second = HASHER.hash("correct horse");

        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
        assertThat(first).isNotEqualTo(second);
        assertThat(HASHER.verify("correct horse", first)).isTrue();
        assertThat(HASHER.verify("correct horse", second)).isTrue();
    }

    @Test
    void the_reference_argon2id_vector_verifies_whatever_the_configured_cost() {
        assertThat(HASHER.verify("password", REFERENCE_M65536_T2_P1)).isTrue();
        assertThat(new Argon2idHasher(new Argon2Cost(1024, 3, 2)).verify("password", REFERENCE_M65536_T2_P1)).isTrue();
    }

    @Test
    void the_reference_argon2id_vector_does_not_verify_a_wrong_password() {
        assertThat(HASHER.verify("passwore", REFERENCE_M65536_T2_P1)).isFalse();
    }

    @Test
    void a_reference_vector_with_two_lanes_and_slashes_in_its_base64_verifies() {
        assertThat(HASHER.verify("password", REFERENCE_M256_T2_P2)).isTrue();
        assertThat(HASHER.verify("passwore", REFERENCE_M256_T2_P2)).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "garbage",
            "$argon2id$",
            "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2d$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$extra",
            "$argon2id$v=19$m=abc,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2,p=1,x=3$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=0,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2,p=99$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2,p=1$c29t!ZXNh$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$not*base64",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMa",
    })
    void a_malformed_phc_string_never_verifies_and_does_not_throw(String phc) {
        assertThat(HASHER.verify("password", phc)).isFalse();
    }

    /**
     * Fails today: {@code split("\\$")} drops trailing empty strings, so a string with an extra
     * trailing {@code $} parses as if it were well formed and verifies.
     */
    @Test
    void a_phc_string_with_a_trailing_dollar_is_malformed_and_never_verifies() {
        String phc = HASHER.hash("correct horse");

        assertThat(HASHER.verify("correct horse", phc + "$")).isFalse();
        assertThat(HASHER.needsRehash(phc + "$")).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "garbage", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$not*base64",
            "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"})
    void a_malformed_phc_string_needs_a_rehash(String phc) {
        assertThat(HASHER.needsRehash(phc)).isTrue();
    }

    @Test
    void a_hash_made_at_the_configured_cost_needs_no_rehash() {
        assertThat(HASHER.needsRehash(HASHER.hash("correct horse"))).isFalse();
    }

    @Test
    void a_hash_made_at_any_other_cost_needs_a_rehash() {
        String phc = HASHER.hash("correct horse");

        assertThat(new Argon2idHasher(new Argon2Cost(128, 1, 1)).needsRehash(phc)).isTrue();
        assertThat(new Argon2idHasher(new Argon2Cost(64, 2, 1)).needsRehash(phc)).isTrue();
        assertThat(new Argon2idHasher(new Argon2Cost(64, 1, 2)).needsRehash(phc)).isTrue();
        assertThat(HASHER.needsRehash(REFERENCE_M65536_T2_P1)).isTrue();
    }
}
