package dev.gatehouse.core.mfa;

import dev.gatehouse.core.account.Account;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the two ceremonies in their WebAuthn Level 3 JSON form, as plain maps and lists
 * so that any JSON library writes them with the member names the specification uses.
 */
final class WebAuthnOptions {

    /** ES256, EdDSA, RS256: what platform authenticators and security keys make, in order of preference. */
    static final List<Long> ALGORITHMS = List.of(-7L, -8L, -257L);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private WebAuthnOptions() {
    }

    /** The user handle of an account: its id's bytes (ids are random and carry nothing personal). */
    static byte[] userHandle(String accountId) {
        return accountId.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Object> creation(WebAuthnRelyingParty rp, Account account, CeremonyState state,
                                        List<Passkey> existing, Duration timeout) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("challenge", state.challengeText());
        o.put("rp", Map.of("id", rp.id(), "name", rp.name()));
        o.put("user", Map.of("id", B64.encodeToString(userHandle(account.id())), "name", account.username(),
                "displayName", account.username()));
        o.put("pubKeyCredParams", ALGORITHMS.stream().map(alg -> Map.of("type", "public-key", "alg", alg)).toList());
        o.put("timeout", timeout.toMillis());
        o.put("excludeCredentials", descriptors(existing));
        o.put("authenticatorSelection", Map.of("residentKey", "required", "requireResidentKey", true,
                "userVerification", "required"));
        o.put("attestation", "none");
        return o;
    }

    static Map<String, Object> request(WebAuthnRelyingParty rp, CeremonyState state, List<Passkey> allowed,
                                       Duration timeout) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("challenge", state.challengeText());
        o.put("rpId", rp.id());
        o.put("timeout", timeout.toMillis());
        o.put("allowCredentials", descriptors(allowed));
        o.put("userVerification", "required");
        return o;
    }

    private static List<Map<String, Object>> descriptors(List<Passkey> passkeys) {
        return passkeys.stream().map(p -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", "public-key");
            d.put("id", p.credentialId());
            List<String> transports = Arrays.stream(p.transports().split(",")).filter(t -> !t.isBlank()).toList();
            if (!transports.isEmpty()) {
                d.put("transports", transports);
            }
            return d;
        }).toList();
    }
}
