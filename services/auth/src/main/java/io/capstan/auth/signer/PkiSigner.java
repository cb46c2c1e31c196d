package io.capstan.auth.signer;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A {@link CsrSigner} for a cluster laid out by {@code capstan init}: it signs with
 * {@code <pki>/ca.key} and talks to the apiserver as {@code system:capstan:auth}
 * ({@code <pki>/auth.crt}). For what runs a cluster without the auth service's process — test
 * suites and benchmarks — so that node agents still get their serving certificates.
 */
public final class PkiSigner implements AutoCloseable {
  private final KubernetesClient client;
  private final CsrSigner signer;

  private PkiSigner(KubernetesClient client, CsrSigner signer) {
    this.client = client;
    this.signer = signer;
  }

  public static PkiSigner start(URI apiserver, Path pki) throws IOException {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiserver.toString())
        .withCaCertFile(pki.resolve("ca.crt").toString())
        .withClientCertFile(pki.resolve("auth.crt").toString())
        .withClientKeyFile(pki.resolve("auth.key").toString())
        // fabric8 reads a key file as RSA unless told: say what the key is (capstan init makes EC keys).
        .withClientKeyAlgo(CertificateIssuer.readKey(pki.resolve("auth.key")).getAlgorithm()).build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    try {
      CsrSigner signer = new CsrSigner(client, CertificateIssuer.fromFiles(pki.resolve("ca.crt"), pki.resolve("ca.key")),
          Clock.systemUTC());
      signer.start();
      return new PkiSigner(client, signer);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public void close() {
    signer.close();
    client.close();
  }
}
