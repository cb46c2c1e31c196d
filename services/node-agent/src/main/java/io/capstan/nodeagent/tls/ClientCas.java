package io.capstan.nodeagent.tls;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The CAs whose client certificates the node API accepts. By default the CA the agent trusts for
 * the apiserver (its kubeconfig's {@code certificate-authority}), which in a Capstan cluster is
 * the cluster CA that also signs the apiserver's kubelet-client certificate.
 */
public final class ClientCas {
  private ClientCas() {}

  public static List<X509Certificate> fromFile(Path pem) {
    try {
      return ServingCertificate.readChain(Files.readString(pem));
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("cannot read the client CA file " + pem + ": " + e.getMessage(), e);
    }
  }

  public static List<X509Certificate> fromClientConfig(Config config) {
    try {
      if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
        return ServingCertificate.readChain(new String(Base64.getDecoder().decode(config.getCaCertData().trim()),
            StandardCharsets.US_ASCII));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the kubeconfig's certificate-authority-data is unreadable: "
          + e.getMessage(), e);
    }
    if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      return fromFile(Path.of(config.getCaCertFile()));
    }
    throw new IllegalArgumentException(
        "no client CA for the node API: the kubeconfig names no certificate authority and none was configured");
  }
}
