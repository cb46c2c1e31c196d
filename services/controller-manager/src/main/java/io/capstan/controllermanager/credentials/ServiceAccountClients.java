package io.capstan.controllermanager.credentials;

import io.capstan.controllermanager.framework.ControllerClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' {@code --use-service-account-credentials}: one client per controller, authenticated
 * with a bound token of {@code kube-system/<account>} that the controller manager's own identity
 * (the root client) requests and renews. The clients reach the same server with the same trust as
 * the root client but present no client certificate, so the apiserver sees only the account.
 * Nothing is sent until a controller's first request.
 */
public final class ServiceAccountClients implements ControllerClients {
  public static final String NAMESPACE = "kube-system";
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private final KubernetesClient root;
  private final Clock clock;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public ServiceAccountClients(KubernetesClient root) {
    this(root, Clock.systemUTC());
  }

  ServiceAccountClients(KubernetesClient root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  @Override
  public KubernetesClient forAccount(String account) {
    return clients.computeIfAbsent(account, this::mint);
  }

  private KubernetesClient mint(String account) {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(root.getConfiguration().getMasterUrl())
        .withCaCertData(root.getConfiguration().getCaCertData())
        .withCaCertFile(root.getConfiguration().getCaCertFile())
        .withTrustCerts(root.getConfiguration().isTrustCerts())
        .withUserAgent("kube-controller-manager/" + account)
        .withOauthTokenProvider(new ServiceAccountToken(root, NAMESPACE, account, TOKEN_LIFETIME, clock))
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
  }
}
