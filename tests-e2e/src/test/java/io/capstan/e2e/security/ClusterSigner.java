package io.capstan.e2e.security;

import io.capstan.auth.signer.CertificateIssuer;
import io.capstan.auth.signer.CsrSigner;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The auth service's CSR signer, in-process, as {@code system:capstan:auth} with the certificate
 * {@code capstan init} made and the cluster CA key: the apiserver does not sign, so a test that
 * needs issued certificates runs this beside it, as {@code capstan up} runs the auth service.
 */
final class ClusterSigner implements AutoCloseable {
  private final KubernetesClient client;
  private final CsrSigner signer;

  private ClusterSigner(KubernetesClient client, CsrSigner signer) {
    this.client = client;
    this.signer = signer;
  }

  static ClusterSigner start(ApiServerProcess api, Path dir) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(authKubeconfig(api, dir))))
        .build();
    CsrSigner signer = new CsrSigner(client,
        CertificateIssuer.fromFiles(api.pki().resolve("ca.crt"), api.pki().resolve("ca.key")), Clock.systemUTC());
    signer.start();
    return new ClusterSigner(client, signer);
  }

  static Path authKubeconfig(ApiServerProcess api, Path dir) throws Exception {
    return Identities.certificateKubeconfig(api, dir, "auth",
        Files.readAllBytes(api.pki().resolve("auth.crt")), Files.readAllBytes(api.pki().resolve("auth.key")));
  }

  @Override
  public void close() {
    signer.close();
    client.close();
  }
}
