package io.capstan.e2e.support;

import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.ThreadLocalRandom;

/** The unmodified fabric8 client, configured from the suite's admin kubeconfig. */
public final class Fabric8 {

  private Fabric8() {}

  public static KubernetesClient client(ApiServerProcess api) {
    try {
      return new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(api.kubeconfig())))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates a namespace as {@link #createNamespace} and puts in it what the controller manager's
   * service-account and root-CA controllers would (the {@code default} ServiceAccount, ConfigMap
   * {@code kube-root-ca.crt}), for fixtures that run node agents but no controller manager: every
   * pod's {@code kube-api-access} volume needs both.
   */
  public static String createNamespaceForPods(KubernetesClient client, ApiServerProcess api, String prefix) {
    String name = createNamespace(client, prefix);
    try {
      String ca = Files.readString(api.pki().resolve("ca.crt"));
      client.serviceAccounts().inNamespace(name).resource(new ServiceAccountBuilder().withNewMetadata().withName("default")
          .endMetadata().build()).create();
      client.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt")
          .endMetadata().addToData("ca.crt", ca).build()).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return name;
  }

  /** Creates a namespace named {@code prefix-<random>} and returns its name. */
  public static String createNamespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }
}
