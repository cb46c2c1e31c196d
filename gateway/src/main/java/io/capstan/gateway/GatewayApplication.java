package io.capstan.gateway;

import io.capstan.security.oidc.IssuerKeys;
import io.capstan.security.oidc.OidcTokenVerifier;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;

/**
 * The SSO front proxy. Settings {@code capstan.gateway.*}: {@code apiserver} (URL), {@code pki-dir}
 * (cluster CA and the front-proxy client certificate); LDAP, on when {@code ldap.user-dn-pattern}
 * is set: {@code ldap.host}, {@code ldap.port}, {@code ldap.user-dn-pattern} (e.g.
 * {@code uid={0},ou=people,dc=example,dc=com}), {@code ldap.group-base-dn}; OIDC, on when
 * {@code oidc.issuer-url} is set: {@code oidc.issuer-url}, {@code oidc.client-id}, the claim
 * mapping the apiserver's {@code capstan.authn.oidc.*} also takes ({@code username-claim},
 * {@code username-prefix}, {@code groups-claim}, {@code groups-prefix}, {@code ca-file}), and for
 * the browser login {@code oidc.client-secret}, {@code oidc.redirect-url} (default: this
 * gateway's {@code /oauth2/callback}), {@code oidc.scopes}; {@code session.key-file} (32+ bytes
 * shared by every replica; a random key per start otherwise, which logs everyone out on restart).
 * Everything is proxied except {@code /oauth2/*}; the actuator lives on its own management port.
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  @Bean
  ServletContextInitializer gatewayServlets(GatewayProperties props) throws IOException {
    Optional<LdapAuthenticator> ldap = Optional.of(props.getLdap()).filter(GatewayProperties.Ldap::enabled)
        .map(l -> new LdapAuthenticator(l.getHost(), l.getPort(), l.getUserDnPattern(), l.getGroupBaseDn()));
    GatewayProperties.Oidc oidc = props.getOidc();
    Optional<OidcTokenVerifier> verifier = Optional.empty();
    Optional<OidcLogin> login = Optional.empty();
    if (oidc.enabled()) {
      verifier = Optional.of(new OidcTokenVerifier(oidc.settings(), IssuerKeys.forSettings(oidc.settings()), Clock.systemUTC()));
    }
    if (oidc.loginEnabled()) {
      login = Optional.of(new OidcLogin(oidc.settings(), oidc.getClientSecret(), oidc.getScopes(),
          IssuerKeys.httpClient(oidc.settings()), verifier.orElseThrow(),
          new SessionCookies(sessionKey(props.getSession().getKeyFile()), Clock.systemUTC()), Clock.systemUTC()));
    }
    Path pki = Path.of(props.getPkiDir());
    ApiProxyServlet api = new ApiProxyServlet(URI.create(props.getApiserver()),
        FrontProxyClient.create(pki.resolve("ca.crt"), pki.resolve("front-proxy-client.crt"), pki.resolve("front-proxy-client.key")),
        new CallerAuthenticator(login, verifier, ldap));
    Optional<LoginServlet> loginServlet = login.map(l -> new LoginServlet(l, oidc.getRedirectUrl()));
    return ctx -> {
      ServletRegistration.Dynamic proxy = ctx.addServlet("api-proxy", api);
      proxy.addMapping("/*");
      proxy.setAsyncSupported(true);
      loginServlet.ifPresent(s -> ctx.addServlet("oidc-login", s).addMapping("/oauth2/*"));
    };
  }

  private static byte[] sessionKey(String keyFile) throws IOException {
    if (!keyFile.isBlank()) return Files.readAllBytes(Path.of(keyFile));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
