package io.capstan.client.app;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code capstan.api.*}: the kubeconfig holding the component's own credentials. */
public class ApiProperties {
  private String kubeconfig = ".capstan/admin.kubeconfig";

  /** A client with the kubeconfig's server and credentials; fails loudly when it cannot be read. */
  public KubernetesClient connect() {
    try {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)))).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  public String getKubeconfig() {
    return kubeconfig;
  }

  public void setKubeconfig(String v) {
    kubeconfig = v;
  }
}
