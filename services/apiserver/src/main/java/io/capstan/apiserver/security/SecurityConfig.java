package io.capstan.apiserver.security;

import io.capstan.apiserver.authn.BootstrapTokenAuthenticator;
import io.capstan.apiserver.authn.ServiceAccountKey;
import io.capstan.apiserver.authn.ServiceAccountTokenAuthenticator;
import io.capstan.apiserver.authn.ServiceAccountTokens;
import io.capstan.apiserver.authn.StoredObjects;
import io.capstan.apiserver.authn.TokenFileAuthenticator;
import io.capstan.security.oidc.IssuerKeys;
import io.capstan.apiserver.authn.webhook.WebhookTokenAuthenticator;
import io.capstan.apiserver.webhook.WebhookClient;
import io.capstan.apiserver.authn.oidc.OidcAuthenticator;
import io.capstan.security.oidc.OidcSettings;
import io.capstan.security.oidc.OidcTokenVerifier;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The authentication chain from configuration:
 * {@code capstan.authn.token-auth-file} (static tokens, off when empty),
 * {@code capstan.authn.bootstrap-tokens} (default true),
 * {@code capstan.authn.service-account-issuer} and {@code .api-audiences},
 * {@code capstan.authn.anonymous} (default false), {@code capstan.authn.oidc.*} (off without an issuer URL),
 * {@code capstan.authn.requestheader.*} (the front proxy; on when {@code front-proxy-ca.crt} is in the PKI
 * directory or {@code client-ca-file} names a CA; allowed names default to {@code front-proxy-client}),
 * {@code capstan.authn.webhook.config-file} (a TokenReview webhook, kubeconfig format; answers cached for
 * {@code cache-ttl}, default 2m). Keys and the CA come from {@code capstan.pki-dir}.
 */
@Configuration
public class SecurityConfig {

  @Bean
  public X509Certificate clusterCa(@Value("${capstan.pki-dir}") String pkiDir) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(Path.of(pkiDir, "ca.crt"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Bean
  public ServiceAccountTokens serviceAccountTokens(@Value("${capstan.pki-dir}") String pkiDir,
      @Value("${capstan.authn.service-account-issuer:" + ServiceAccountTokens.DEFAULT_ISSUER + "}") String issuer)
      throws IOException {
    return new ServiceAccountTokens(ServiceAccountKey.loadOrCreate(Path.of(pkiDir, "sa.key")), issuer);
  }

  @Bean
  public StoredObjects storedObjects(Storage storage, ResourceCatalog catalog) {
    return new StoredObjects(storage, catalog);
  }

  @Bean
  public ServiceAccountTokenAuthenticator serviceAccountTokenAuthenticator(ServiceAccountTokens tokens,
      StoredObjects objects, Clock clock,
      @Value("${capstan.authn.api-audiences:}") List<String> audiences) {
    List<String> accepted = audiences.isEmpty() ? List.of(tokens.issuer()) : audiences;
    return new ServiceAccountTokenAuthenticator(tokens, objects, accepted, clock);
  }

  @Bean
  public RequestAuthenticator requestAuthenticator(X509Certificate clusterCa, Clock clock, StoredObjects objects,
      ServiceAccountTokenAuthenticator serviceAccounts,
      @Value("${capstan.authn.token-auth-file:}") String tokenFile,
      @Value("${capstan.authn.bootstrap-tokens:true}") boolean bootstrapTokens,
      @Value("${capstan.authn.anonymous:false}") boolean anonymous,
      @Value("${capstan.authn.oidc.issuer-url:}") String oidcIssuer,
      @Value("${capstan.authn.oidc.client-id:}") String oidcClientId,
      @Value("${capstan.authn.oidc.username-claim:sub}") String oidcUsernameClaim,
      @Value("${capstan.authn.oidc.username-prefix:}") String oidcUsernamePrefix,
      @Value("${capstan.authn.oidc.groups-claim:}") String oidcGroupsClaim,
      @Value("${capstan.authn.oidc.groups-prefix:}") String oidcGroupsPrefix,
      @Value("${capstan.authn.oidc.ca-file:}") String oidcCaFile,
      @Value("${capstan.pki-dir}") String pkiDir,
      @Value("${capstan.authn.requestheader.client-ca-file:}") String frontProxyCaFile,
      @Value("${capstan.authn.requestheader.allowed-names:front-proxy-client}") List<String> frontProxyNames,
      @Value("${capstan.authn.requestheader.username-headers:X-Remote-User}") List<String> userHeaders,
      @Value("${capstan.authn.requestheader.group-headers:X-Remote-Group}") List<String> groupHeaders,
      @Value("${capstan.authn.requestheader.extra-headers-prefix:X-Remote-Extra-}") List<String> extraPrefixes,
      @Value("${capstan.authn.webhook.config-file:}") String tokenWebhookConfig,
      @Value("${capstan.authn.webhook.cache-ttl:2m}") java.time.Duration tokenWebhookTtl)
      throws IOException, CertificateException {
    List<TokenAuthenticator> tokens = new ArrayList<>();
    if (!tokenFile.isBlank()) tokens.add(TokenFileAuthenticator.load(Path.of(tokenFile)));
    if (bootstrapTokens) tokens.add(new BootstrapTokenAuthenticator(objects, clock));
    tokens.add(serviceAccounts);
    if (!oidcIssuer.isBlank()) {
      OidcSettings oidc = new OidcSettings(oidcIssuer, oidcClientId, oidcUsernameClaim, oidcUsernamePrefix,
          oidcGroupsClaim, oidcGroupsPrefix, oidcCaFile);
      tokens.add(new OidcAuthenticator(new OidcTokenVerifier(oidc, IssuerKeys.forSettings(oidc), clock)));
    }
    if (!tokenWebhookConfig.isBlank()) {
      tokens.add(new WebhookTokenAuthenticator(
          WebhookClient.fromKubeconfig(Path.of(tokenWebhookConfig), java.time.Duration.ofSeconds(10)), clock, tokenWebhookTtl));
    }
    Path frontProxyCa = frontProxyCaFile.isBlank() ? Path.of(pkiDir, "front-proxy-ca.crt") : Path.of(frontProxyCaFile);
    RequestHeaderAuthenticator frontProxy = Files.exists(frontProxyCa)
        ? new RequestHeaderAuthenticator(readCertificate(frontProxyCa), new java.util.HashSet<>(frontProxyNames),
            userHeaders, groupHeaders, extraPrefixes, clock)
        : null;
    return new RequestAuthenticator(frontProxy, new X509Authenticator(clusterCa, clock), tokens, anonymous);
  }

  static X509Certificate readCertificate(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
