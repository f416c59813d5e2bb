package dev.gatehouse.core.mfa;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The start of a WebAuthn ceremony: the options for the browser and the sealed state the client
 * hands back with the browser's answer.
 *
 * @param state     opaque, sealed, single-use, valid for a few minutes; see {@link Passkeys}
 * @param publicKey {@code PublicKeyCredentialCreationOptionsJSON} or {@code
 *                  PublicKeyCredentialRequestOptionsJSON} (WebAuthn Level 3), binary values in
 *                  base64url, member names as the specification spells them: what
 *                  {@code PublicKeyCredential.parseCreationOptionsFromJSON} and
 *                  {@code parseRequestOptionsFromJSON} take
 */
public record PasskeyCeremony(String state, Map<String, Object> publicKey) {

    public PasskeyCeremony {
        publicKey = Collections.unmodifiableMap(new LinkedHashMap<>(publicKey));
    }
}
