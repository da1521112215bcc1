package idp;

import java.util.List;
import java.util.UUID;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The test identity provider's beans, without Spring Boot's auto-configuration (so it never
 * reaches for keywarden's database): Tomcat on a free loopback port, Spring Security's
 * authorization server with OpenID Connect, its clients, its people and its keys.
 *
 * <p>Service clients (client credentials, secret {@code <id>-secret}): {@code svc-issuer}, {@code
 * svc-auditor}, {@code svc-admin} and {@code svc-stranger}. People (password
 * {@code <login>-password}): {@code ivy} in groups {@code kw-issuers} and {@code lunch-club},
 * {@code ada} in {@code kw-auditors} and {@code kw-admins}, {@code ada.b} (whose {@code
 * preferred_username} is also {@code ada}, as when two directories feed one provider) in {@code
 * kw-auditors}, {@code nemo} in {@code lunch-club} only. Their ID tokens name them by a subject
 * that is not their login ({@link #subjectOf}), as Keycloak, Okta and Entra do, and carry {@code
 * preferred_username} and {@code name}. The console client {@code keywarden-console} redirects to
 * keywarden on any loopback port.
 */
@EnableWebSecurity
class IdentityProviderConfiguration {

    static final String AUDIENCE = "keywarden-test";
    static final String CONSOLE_CLIENT = "keywarden-console";
    private static final String GROUP = "GROUP_";

    private record Person(String login, String preferredUsername, String name, List<String> groups) {}

    private static final List<Person> PEOPLE = List.of(
            new Person("ivy", "ivy", "Ivy Issuer", List.of("kw-issuers", "lunch-club")),
            new Person("ada", "ada", "Ada Lovelace", List.of("kw-auditors", "kw-admins")),
            new Person("ada.b", "ada", "Ada Byron", List.of("kw-auditors")),
            new Person("nemo", "nemo", "Nemo Nobody", List.of("lunch-club")));

    /** The stable subject the provider gives a person, unlike their login or preferred username. */
    static String subjectOf(String login) {
        return UUID.nameUUIDFromBytes(("test-idp-person:" + login).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static Person person(String login) {
        return PEOPLE.stream()
                .filter(person -> person.login().equals(login))
                .findFirst()
                .orElseThrow();
    }

    static String secretOf(String clientId) {
        return clientId + "-secret";
    }

    @Bean
    TomcatServletWebServerFactory webServer() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(java.net.InetAddress.getLoopbackAddress());
        // No servlet answers anything itself; the default one only lets the filters run.
        factory.setRegisterDefaultServlet(true);
        return factory;
    }

    @Bean
    ProviderTraffic traffic() {
        return new ProviderTraffic();
    }

    /** Ahead of the security filters, so it sees, and can refuse, every request. */
    @Bean
    FilterRegistrationBean<ProviderTraffic> trafficFilter(ProviderTraffic traffic) {
        FilterRegistrationBean<ProviderTraffic> registration = new FilterRegistrationBean<>(traffic);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    DelegatingFilterProxyRegistrationBean securityFilters() {
        return new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
    }

    /** Cookies do not tell ports apart: the provider's session must not overwrite keywarden's. */
    @Bean
    ServletContextInitializer sessionCookieName() {
        return servletContext -> servletContext.getSessionCookieConfig().setName("IDP_SESSION");
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE))
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    RegisteredClientRepository clients() {
        List<RegisteredClient> clients = new java.util.ArrayList<>();
        for (String service : List.of("svc-issuer", "svc-auditor", "svc-admin", "svc-stranger")) {
            clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(service)
                    .clientSecret("{noop}" + secretOf(service))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .build());
        }
        clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(CONSOLE_CLIENT)
                .clientSecret("{noop}" + secretOf(CONSOLE_CLIENT))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1/console/login/oauth2/code/keywarden")
                .postLogoutRedirectUri("http://127.0.0.1/console")
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .build());
        return new InMemoryRegisteredClientRepository(clients);
    }

    @Bean
    UserDetailsService people() {
        return new InMemoryUserDetailsManager(PEOPLE.stream()
                .map(person -> User.withUsername(person.login())
                        .password("{noop}" + person.login() + "-password")
                        .authorities(
                                person.groups().stream().map(g -> GROUP + g).toArray(String[]::new))
                        .build())
                .toList());
    }

    @Bean
    RotatingKeys keys() {
        return new RotatingKeys();
    }

    @Bean
    JwtEncoder jwtEncoder(RotatingKeys keys) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys);
        encoder.setJwkSelector(keys::signingChoice);
        return encoder;
    }

    @Bean
    JwtDecoder jwtDecoder(RotatingKeys keys) {
        return NimbusJwtDecoder.withJwkSource(keys).build();
    }

    @Bean
    AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder().build();
    }

    /** Access tokens are for keywarden and carry a jti; ID tokens list the person's groups. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> claims() {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                context.getClaims()
                        .audience(List.of(AUDIENCE))
                        .id(UUID.randomUUID().toString());
                if ("svc-claims".equals(context.getRegisteredClient().getClientId())) {
                    context.getClaims().claim("kw_roles", List.of("AUDITOR", "NOT_A_ROLE"));
                    context.getClaims().claim("kw_user_names", List.of("claims-*"));
                }
            }
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                Person person = person(context.getPrincipal().getName());
                context.getClaims()
                        .subject(subjectOf(person.login()))
                        .claim("preferred_username", person.preferredUsername())
                        .claim("name", person.name())
                        .claim(
                                "groups",
                                context.getPrincipal().getAuthorities().stream()
                                        .map(GrantedAuthority::getAuthority)
                                        .filter(authority -> authority.startsWith(GROUP))
                                        .map(authority -> authority.substring(GROUP.length()))
                                        .toList());
            }
        };
    }
}
