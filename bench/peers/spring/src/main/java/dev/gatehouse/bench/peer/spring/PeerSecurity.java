package dev.gatehouse.bench.peer.spring;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Two filter chains: {@code /api/**} is a stateless OAuth 2 resource server that accepts Gatehouse
 * access tokens (RFC 9068 {@code typ: at+jwt}, issuer and audience checked); everything else is a
 * form-login application whose sessions live in Spring Session JDBC. Both answer 401 rather than
 * redirect, like Gatehouse's {@code /v1/verify}.
 */
@Configuration
public class PeerSecurity {

    /** Argon2id at Gatehouse's default cost: 16-byte salt, 32-byte hash, p=1, m=19456 KiB, t=2. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
    }

    @Bean
    JdbcUserDetailsManager users(DataSource dataSource) {
        return new JdbcUserDetailsManager(dataSource);
    }

    @Bean
    @Order(1)
    SecurityFilterChain resourceServer(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .oauth2ResourceServer(o -> o.jwt(jwt -> { }))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain sessions(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/health", "/login").permitAll().anyRequest().authenticated())
                .formLogin(f -> f.loginProcessingUrl("/login")
                        .successHandler((req, res, auth) -> res.setStatus(HttpStatus.OK.value()))
                        .failureHandler((req, res, e) -> res.setStatus(HttpStatus.UNAUTHORIZED.value())))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                // the benchmark client is not a browser; a saved request would create a session per 401
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .csrf(c -> c.disable());
        return http.build();
    }

    /** Validates as Gatehouse's own verifier does: signature from the JWKS, at+jwt, iss, aud, exp/nbf. */
    @Bean
    JwtDecoder jwtDecoder(@Value("${gatehouse.jwks-uri}") String jwksUri, @Value("${gatehouse.issuer}") String issuer,
            @Value("${gatehouse.audience:api}") String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).build();
        // the defaults (timestamps, with clock skew) plus what RFC 9068 asks of a resource server
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(new JwtIssuerValidator(issuer),
                new JwtTypeValidator("at+jwt"),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)))));
        return decoder;
    }
}
