package dev.gatehouse.rp.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Everything but {@code /signed-out} needs a person signed in through Gatehouse
 * ({@code oauth2Login}, with PKCE although the client is confidential: Gatehouse asks it of every
 * client). Signing out here signs out at Gatehouse too (RP-initiated logout, back to
 * {@code /signed-out}); Gatehouse ending the session signs out here (back-channel logout, at
 * {@code /logout/connect/back-channel/gatehouse}). Nothing here is specific to Gatehouse: it is
 * the configuration Spring Security documents for any OpenID provider.
 */
@Configuration
class RelyingPartySecurity {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ClientRegistrationRepository registrations) {
        DefaultOAuth2AuthorizationRequestResolver withPkce =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        OidcClientInitiatedLogoutSuccessHandler rpInitiatedLogout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        rpInitiatedLogout.setPostLogoutRedirectUri("{baseUrl}/signed-out");

        http.authorizeHttpRequests(requests -> requests.requestMatchers("/signed-out", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(withPkce)))
                .logout(logout -> logout.logoutSuccessHandler(rpInitiatedLogout))
                .oidcLogout(oidc -> oidc.backChannel(Customizer.withDefaults()));
        return http.build();
    }
}
