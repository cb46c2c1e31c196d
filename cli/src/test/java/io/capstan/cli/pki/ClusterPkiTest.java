package io.capstan.cli.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

  @TempDir Path dir;

  @Test
  void firstRunWritesCaApiserverAndAdminAsPem() throws Exception {
    ClusterPki pki = new ClusterPki(dir.resolve("pki"));

    assertThat(pki.ensure())
        .containsExactly(
            "ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "admin.crt", "admin.key",
            "scheduler.crt", "scheduler.key", "controller-manager.crt", "controller-manager.key",
            "kube-proxy.crt", "kube-proxy.key", "auth.crt", "auth.key", "dns.crt", "dns.key",
            "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key", "front-proxy-ca.crt", "front-proxy-ca.key",
            "front-proxy-client.crt", "front-proxy-client.key", "sa.key");
    assertThat(Files.readString(dir.resolve("pki/sa.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/sa.key"))))
        .isEqualTo("rw-------");

    for (String name : List.of("ca", "apiserver", "admin")) {
      assertThat(Files.readString(pki.certificate(name))).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(Files.readString(pki.privateKey(name))).startsWith("-----BEGIN EC PRIVATE KEY-----");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.privateKey(name))))
          .isEqualTo("rw-------");
      assertKeyMatchesCertificate(pki, name);
    }
    X509Certificate ca = PemFiles.readCertificate(pki.certificate("ca"));
    PemFiles.readCertificate(pki.certificate("apiserver")).verify(ca.getPublicKey());
    PemFiles.readCertificate(pki.certificate("admin")).verify(ca.getPublicKey());
    assertThat(
            PemFiles.readCertificate(pki.certificate("apiserver")).getSubjectAlternativeNames()
                .stream()
                .map(san -> (Object) san.get(1)))
        .containsExactlyInAnyOrder(
            "localhost",
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local",
            "127.0.0.1",
            "10.96.0.1");
  }

  @Test
  void componentsGetTheirOwnIdentitiesAndTheGatewayAFrontProxyCertificate() throws Exception {
    ClusterPki pki = new ClusterPki(dir, "worker-1");
    assertThat(pki.ensure()).contains("node.crt", "node.key");
    X509Certificate ca = PemFiles.readCertificate(pki.certificate("ca"));
    X509Certificate node = PemFiles.readCertificate(pki.certificate("node"));
    node.verify(ca.getPublicKey());
    assertThat(node.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:worker-1,O=system:nodes");
    assertThat(PemFiles.readCertificate(pki.certificate("scheduler")).getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-scheduler");
    X509Certificate kubeletClient = PemFiles.readCertificate(pki.certificate("apiserver-kubelet-client"));
    kubeletClient.verify(ca.getPublicKey());
    assertThat(kubeletClient.getSubjectX500Principal().getName())
        .isEqualTo("CN=kube-apiserver-kubelet-client,O=system:masters");
    assertThat(PemFiles.readCertificate(pki.certificate("controller-manager")).getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-controller-manager");
    X509Certificate frontProxy = PemFiles.readCertificate(pki.certificate("front-proxy-client"));
    frontProxy.verify(PemFiles.readCertificate(pki.certificate("front-proxy-ca")).getPublicKey());
    assertThatThrownBy(() -> frontProxy.verify(ca.getPublicKey()))
        .as("the gateway's certificate is not a cluster client certificate").isInstanceOf(Exception.class);

    assertThat(new ClusterPki(dir, "worker-2").ensure()).as("a renamed host gets a new node certificate")
        .containsExactly("node.crt", "node.key");
  }

  @Test
  void secondRunKeepsEverything() throws Exception {
    ClusterPki pki = new ClusterPki(dir);
    pki.ensure();
    String ca = Files.readString(pki.certificate("ca"));
    String admin = Files.readString(pki.certificate("admin"));

    assertThat(pki.ensure()).isEmpty();
    assertThat(Files.readString(pki.certificate("ca"))).isEqualTo(ca);
    assertThat(Files.readString(pki.certificate("admin"))).isEqualTo(admin);
  }

  @Test
  void reissuesAMissingLeafWithTheExistingCa() throws Exception {
    ClusterPki pki = new ClusterPki(dir);
    pki.ensure();
    String ca = Files.readString(pki.certificate("ca"));
    Files.delete(pki.privateKey("admin"));

    assertThat(pki.ensure()).containsExactly("admin.crt", "admin.key");
    assertThat(Files.readString(pki.certificate("ca"))).isEqualTo(ca);
  }

  @Test
  void refusesHalfACa() throws Exception {
    ClusterPki pki = new ClusterPki(dir);
    pki.ensure();
    Files.delete(pki.privateKey("ca"));

    assertThatThrownBy(pki::ensure).isInstanceOf(IOException.class).hasMessageContaining("ca.key");
  }

  private static void assertKeyMatchesCertificate(ClusterPki pki, String name) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(PemFiles.readPrivateKey(pki.privateKey(name)));
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(PemFiles.readCertificate(pki.certificate(name)).getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).as(name + " key matches its certificate").isTrue();
  }
}
