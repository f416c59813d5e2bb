package dev.gatehouse.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void a_token_of_32_bytes_is_43_url_safe_characters_without_padding() {
        String token = Secrets.randomToken(32);

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void a_token_of_16_bytes_is_22_characters() {
        assertThat(Secrets.randomToken(16)).hasSize(22).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void tokens_do_not_repeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(Secrets.randomToken(32));
        }

        assertThat(tokens).hasSize(1000);
    }

    @Test
    void random_bytes_have_the_requested_length_and_differ() {
        assertThat(Secrets.randomBytes(16)).hasSize(16).isNotEqualTo(Secrets.randomBytes(16));
        assertThat(Secrets.randomBytes(0)).isEmpty();
    }

    @Test
    void sha256_of_abc_matches_the_fips_180_vector() {
        assertThat(Secrets.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256_of_the_empty_string_matches_the_known_vector() {
        assertThat(Secrets.sha256Hex(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void sha256_hashes_the_utf8_bytes() {
        assertThat(Secrets.sha256Hex("é")).isEqualTo(HexFormat.of().formatHex(Secrets.sha256(new byte[] {(byte) 0xC3, (byte) 0xA9})));
    }

    @Test
    void sha256_hex_is_64_lowercase_hex_digits() {
        assertThat(Secrets.sha256Hex(Secrets.randomToken(32))).matches("[0-9a-f]{64}");
    }

    @Test
    void equal_secrets_compare_equal() {
        assertThat(Secrets.constantTimeEquals("s3cret-value", new String("s3cret-value"))).isTrue();
        assertThat(Secrets.constantTimeEquals("", "")).isTrue();
        assertThat(Secrets.constantTimeEquals("zoë", "zoë")).isTrue();
    }

    @Test
    void different_secrets_compare_unequal() {
        assertThat(Secrets.constantTimeEquals("s3cret-value", "s3cret-valuf")).isFalse();
        assertThat(Secrets.constantTimeEquals("s3cret-value", "s3cret-value-longer")).isFalse();
        assertThat(Secrets.constantTimeEquals("s3cret", "S3CRET")).isFalse();
        assertThat(Secrets.constantTimeEquals("", "x")).isFalse();
    }

    @Test
    void a_missing_secret_never_compares_equal_not_even_to_another_missing_one() {
        assertThat(Secrets.constantTimeEquals(null, null)).isFalse();
        assertThat(Secrets.constantTimeEquals(null, "x")).isFalse();
        assertThat(Secrets.constantTimeEquals("x", null)).isFalse();
        assertThat(Secrets.constantTimeEquals(null, "")).isFalse();
    }
}
