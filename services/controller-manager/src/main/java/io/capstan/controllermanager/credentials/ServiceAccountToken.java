package io.capstan.controllermanager.credentials;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A service account's bound token, requested (TokenRequest) by the controller manager's own
 * identity and requested anew once 80% of its lifetime has passed, as client-go's token source
 * does; the account is created first when missing. Every request of the controller's client asks
 * for the token, so it must be cheap when the token is fresh.
 */
final class ServiceAccountToken implements OAuthTokenProvider {
  private final KubernetesClient root;
  private final String namespace;
  private final String account;
  private final Duration lifetime;
  private final Clock clock;
  private boolean accountEnsured;
  private String token;
  private Instant refreshAt = Instant.MIN;

  ServiceAccountToken(KubernetesClient root, String namespace, String account, Duration lifetime, Clock clock) {
    this.root = root;
    this.namespace = namespace;
    this.account = account;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public synchronized String getToken() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(refreshAt)) {
      ensureAccount();
      TokenRequest issued = root.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(
          new TokenRequestBuilder().withNewSpec().withExpirationSeconds(lifetime.toSeconds()).endSpec().build());
      token = issued.getStatus().getToken();
      Instant expires = Instant.parse(issued.getStatus().getExpirationTimestamp());
      refreshAt = now.plus(Duration.between(now, expires).multipliedBy(8).dividedBy(10));
    }
    return token;
  }

  private void ensureAccount() {
    if (accountEnsured) return;
    if (root.serviceAccounts().inNamespace(namespace).withName(account).get() == null) {
      try {
        root.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
            .withNewMetadata().withName(account).withNamespace(namespace).endMetadata().build()).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) throw e; // another replica created it first
      }
    }
    accountEnsured = true;
  }
}
