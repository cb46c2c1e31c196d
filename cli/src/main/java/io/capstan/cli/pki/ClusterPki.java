package io.capstan.cli.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's PKI directory: the CA, the apiserver's serving certificate and the admin's client
 * certificate, each as {@code <name>.crt} and {@code <name>.key}.
 *
 * <p>{@link #ensure()} is idempotent: the CA is created once and never replaced (replacing it would
 * invalidate every kubeconfig handed out). A leaf certificate is (re)issued only when it is missing,
 * not signed by the current CA, or expires within {@link #RENEW_BEFORE}.
 */
public final class ClusterPki {

  public static final String CA = "ca";
  public static final String APISERVER = "apiserver";
  public static final String ADMIN = "admin";

  /** The service-account token signing key (EC P-256, ES256), read by the apiserver. */
  public static final String SERVICE_ACCOUNT_KEY = "sa.key";

  public static final String ADMIN_USER = "capstan-admin";
  public static final String ADMIN_GROUP = "system:masters";

  /** Names the apiserver answers to: loopback, and the in-cluster names of the kubernetes Service. */
  public static final List<String> APISERVER_DNS_NAMES =
      List.of(
          "localhost",
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");

  public static final List<String> APISERVER_IPS = List.of("127.0.0.1");

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Path dir;

  public ClusterPki(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path certificate(String name) {
    return dir.resolve(name + ".crt");
  }

  public Path privateKey(String name) {
    return dir.resolve(name + ".key");
  }

  /**
   * Creates what is missing and returns the names of the files written (empty when everything was
   * already in place).
   */
  public List<String> ensure() throws IOException {
    List<String> written = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    CertificateAuthority ca = loadOrCreateCa(written);
    if (!isCurrent(APISERVER, ca)) {
      write(
          APISERVER,
          ca.issueServer(
              "capstan-apiserver", APISERVER_DNS_NAMES, APISERVER_IPS, LEAF_VALIDITY),
          written);
    }
    if (!isCurrent(ADMIN, ca)) {
      write(ADMIN, ca.issueClient(ADMIN_USER, List.of(ADMIN_GROUP), LEAF_VALIDITY), written);
    }
    Path saKey = dir.resolve(SERVICE_ACCOUNT_KEY);
    if (!Files.exists(saKey)) {
      // Created once: replacing it would invalidate every service-account token issued.
      PemFiles.writePrivateKey(saKey, CertificateAuthority.newServiceAccountKeyPair().getPrivate());
      written.add(SERVICE_ACCOUNT_KEY);
    }
    return written;
  }

  private CertificateAuthority loadOrCreateCa(List<String> written) throws IOException {
    boolean haveCert = Files.exists(certificate(CA));
    boolean haveKey = Files.exists(privateKey(CA));
    if (haveCert && haveKey) {
      return new CertificateAuthority(PemFiles.read(certificate(CA), privateKey(CA)));
    }
    if (haveCert || haveKey) {
      // Half a CA cannot be repaired without invalidating every certificate it signed: refuse.
      throw new IOException(
          "incomplete CA in "
              + dir
              + (haveCert ? ": ca.crt without ca.key" : ": ca.key without ca.crt")
              + "; restore the missing file or remove the directory to start a new cluster");
    }
    CertificateAuthority ca = CertificateAuthority.create("capstan-ca", CA_VALIDITY);
    write(CA, ca.keyAndCertificate(), written);
    return ca;
  }

  private boolean isCurrent(String name, CertificateAuthority ca) throws IOException {
    if (!Files.exists(certificate(name)) || !Files.exists(privateKey(name))) {
      return false;
    }
    X509Certificate certificate = PemFiles.readCertificate(certificate(name));
    try {
      certificate.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      return false;
    }
    return certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
  }

  private void write(String name, KeyAndCertificate issued, List<String> written)
      throws IOException {
    PemFiles.writePrivateKey(privateKey(name), issued.privateKey());
    PemFiles.writeCertificate(certificate(name), issued.certificate());
    written.add(name + ".crt");
    written.add(name + ".key");
  }
}
