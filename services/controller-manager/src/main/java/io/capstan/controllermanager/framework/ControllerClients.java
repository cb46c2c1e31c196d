package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The client each controller writes with. In a cluster each controller runs under its own service
 * account ({@code kube-system/<account>}, Kubernetes' {@code --use-service-account-credentials}),
 * so it holds only its role's rights; tests and benchmarks may hand every controller one client.
 */
public interface ControllerClients extends AutoCloseable {

  /** The client for the controller whose service account is {@code account}; the same one on every call. */
  KubernetesClient forAccount(String account);

  /** Every controller writes with {@code client} (whose lifetime stays the caller's). */
  static ControllerClients shared(KubernetesClient client) {
    return new ControllerClients() {
      @Override
      public KubernetesClient forAccount(String account) {
        return client;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  void close();
}
