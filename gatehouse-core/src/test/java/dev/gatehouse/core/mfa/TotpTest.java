package dev.gatehouse.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.gatehouse.core.crypto.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** The SHA-1 secret of RFC 6238, Appendix B. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, SHA-1 rows: time, 8-digit TOTP. Our 6-digit code is the last six digits. */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void codes_are_the_last_six_digits_of_the_rfc_6238_sha1_vectors(long seconds, String eightDigits) {
        Instant at = Instant.ofEpochSecond(seconds);

        assertThat(Totp.code(RFC_SECRET, Totp.step(at))).isEqualTo(eightDigits.substring(2));
        assertThat(Totp.match(RFC_SECRET, eightDigits.substring(2), at)).hasValue(Totp.step(at));
    }

    @Test
    void codes_equal_those_of_an_independent_implementation_at_many_times_and_secrets() throws InvalidKeyException {
        TimeBasedOneTimePasswordGenerator other = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
        Random random = new Random(6238);
        for (int i = 0; i < 500; i++) {
            byte[] secret = i % 5 == 0 ? RFC_SECRET : Secrets.randomBytes(Totp.SECRET_BYTES);
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000));
            String expected = String.format("%06d",
                    other.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), at));

            assertThat(Totp.code(secret, Totp.step(at))).as("at %s", at).isEqualTo(expected);
            assertThat(Totp.match(secret, expected, at)).hasValue(Totp.step(at));
        }
    }

    @Test
    void a_code_is_accepted_one_step_before_and_after_its_own_and_refused_two_away() throws InvalidKeyException {
        TimeBasedOneTimePasswordGenerator other = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
        byte[] secret = Totp.newSecret();
        Instant issued = Instant.parse("2026-12-01T11:00:00Z"); // the first instant of its step
        String code = String.format("%06d", other.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), issued));
        long step = Totp.step(issued);

        assertThat(Totp.match(secret, code, issued.plusSeconds(29))).hasValue(step);
        assertThat(Totp.match(secret, code, issued.minusMillis(1))).as("one step before").hasValue(step);
        assertThat(Totp.match(secret, code, issued.minusSeconds(30))).as("the start of the step before").hasValue(step);
        assertThat(Totp.match(secret, code, issued.plusSeconds(59))).as("the end of the step after").hasValue(step);
        assertThat(Totp.match(secret, code, issued.minusSeconds(30).minusMillis(1))).as("two steps before").isEmpty();
        assertThat(Totp.match(secret, code, issued.plusSeconds(60))).as("two steps after").isEmpty();
    }

    @Test
    void spaces_in_a_typed_code_are_ignored() {
        Instant at = Instant.ofEpochSecond(59);

        assertThat(Totp.match(RFC_SECRET, "287 082", at)).isPresent();
        assertThat(Totp.match(RFC_SECRET, " 28 70 82 ", at)).isPresent();
    }

    @Test
    void anything_but_six_digits_is_simply_a_wrong_code() {
        Instant at = Instant.ofEpochSecond(59);

        for (String typed : new String[] {"", "28708", "2870820", "94287082", "28708a", "287-082", "２８７０８２",
                "287082\n", "-87082", "+87082", null, "0".repeat(10_000)}) {
            assertThat(Totp.match(RFC_SECRET, typed, at)).as("%s", typed).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void a_new_secret_is_twenty_random_bytes() {
        byte[] a = Totp.newSecret();
        byte[] b = Totp.newSecret();

        assertThat(a).hasSize(20);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void the_uri_names_issuer_and_user_percent_encoded_and_carries_the_secret_and_parameters() {
        String uri = Totp.uri("Gatehouse", "alice", RFC_SECRET);

        assertThat(uri).isEqualTo("otpauth://totp/Gatehouse:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void spaces_and_reserved_characters_in_the_uri_are_percent_encoded_never_plus() {
        String uri = Totp.uri("Acme Login", "ann+b@x.org:Ü/?&#", RFC_SECRET);

        assertThat(uri).startsWith("otpauth://totp/Acme%20Login:ann%2Bb%40x.org%3A%C3%9C%2F%3F%26%23?secret=");
        assertThat(uri).contains("&issuer=Acme%20Login&").doesNotContain("+");
        URI parsed = URI.create(uri);
        assertThat(parsed.getPath()).isEqualTo("/Acme Login:ann+b@x.org:Ü/?&#");
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32_follows_the_rfc_4648_vectors_without_padding(String text, String base32) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

        assertThat(Base32.encode(bytes)).isEqualTo(base32);
        assertThat(Base32.decode(base32)).isEqualTo(bytes);
    }

    @Test
    void base32_round_trips_every_length_and_reads_lower_case_spaces_and_padding() {
        for (int length = 0; length <= 40; length++) {
            byte[] bytes = Secrets.randomBytes(length);
            String encoded = Base32.encode(bytes);

            assertThat(Base32.decode(encoded)).isEqualTo(bytes);
            assertThat(Base32.decode(encoded.toLowerCase())).isEqualTo(bytes);
        }
        assertThat(Base32.decode("mzxw 6ytb oi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode("MZXW6YQ=")).isEqualTo("foob".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void base32_refuses_characters_outside_its_alphabet_and_impossible_lengths() {
        assertThatThrownBy(() -> Base32.decode("MZXW1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base32.decode("MZX")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base32.decode("M")).isInstanceOf(IllegalArgumentException.class);
    }
}
