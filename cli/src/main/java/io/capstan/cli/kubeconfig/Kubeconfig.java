package io.capstan.cli.kubeconfig;

import io.capstan.cli.pki.ClusterPki;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * A single-cluster, single-user kubeconfig with embedded credentials (the {@code *-data} fields),
 * so the file works from any directory and can be copied elsewhere.
 *
 * @param clusterName also used as the context name
 * @param server the apiserver URL, e.g. {@code https://127.0.0.1:6443}
 * @param caPem the PEM of the CA that signed the apiserver's certificate
 * @param userName the kubeconfig user entry's name (not necessarily the certificate's CN)
 * @param clientCertificatePem the user's client certificate (PEM)
 * @param clientKeyPem the user's private key (PEM)
 */
public record Kubeconfig(
    String clusterName,
    String server,
    String caPem,
    String userName,
    String clientCertificatePem,
    String clientKeyPem) {

  public static final String CLUSTER = "capstan";

  /** The admin's kubeconfig: cluster and context {@code capstan}, user {@code capstan-admin}. */
  public static Kubeconfig forAdmin(ClusterPki pki, URI server) throws IOException {
    return new Kubeconfig(
        CLUSTER,
        server.toString(),
        Files.readString(pki.certificate(ClusterPki.CA)),
        ClusterPki.ADMIN_USER,
        Files.readString(pki.certificate(ClusterPki.ADMIN)),
        Files.readString(pki.privateKey(ClusterPki.ADMIN)));
  }

  /** A component's kubeconfig: its own client certificate {@code <file>.crt/.key} from the PKI. */
  public static Kubeconfig forIdentity(ClusterPki pki, URI server, ClusterPki.Identity identity) throws IOException {
    return new Kubeconfig(
        CLUSTER,
        server.toString(),
        Files.readString(pki.certificate(ClusterPki.CA)),
        identity.user(),
        Files.readString(pki.certificate(identity.file())),
        Files.readString(pki.privateKey(identity.file())));
  }

  /** Writes the file readable by the owner only: it holds a private key. */
  public void writeTo(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, render(), StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** The YAML text; every value is either a plain name or a base64 string, so no quoting is needed. */
  public String render() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        users:
        - name: %4$s
          user:
            client-certificate-data: %5$s
            client-key-data: %6$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %4$s
        current-context: %1$s
        preferences: {}
        """
        .formatted(
            clusterName,
            server,
            base64(caPem),
            userName,
            base64(clientCertificatePem),
            base64(clientKeyPem));
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
