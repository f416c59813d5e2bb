package dev.gatehouse.server.config;

import dev.gatehouse.core.key.KeyAlgorithm;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the token transport.
 *
 * @param issuer               {@code iss} of access tokens
 * @param audiences            audiences tokens may be issued for; the first is the default
 * @param accessTokenLifetime  how long an access token is valid
 * @param refreshGrace         how long the previous refresh token replays the same new one
 * @param clockSkew            tolerated clock difference when checking token times
 * @param keyAlgorithm         algorithm of new signing keys
 * @param keyRotationInterval  age at which a new signing key is made; zero for never
 * @param jwksCacheLifetime    announced JWKS cache lifetime; new keys are published this long before they sign
 */
public record TokenSettings(String issuer, List<String> audiences, Duration accessTokenLifetime, Duration refreshGrace,
                            Duration clockSkew, KeyAlgorithm keyAlgorithm, Duration keyRotationInterval,
                            Duration jwksCacheLifetime) {

    public TokenSettings {
        audiences = List.copyOf(audiences);
    }
}
