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
 * The cluster's PKI directory: the CA, the apiserver's serving certificate, the admin's client
 * certificate, one client certificate per Capstan component ({@link #COMPONENTS}, the node agent),
 * the apiserver's client certificate for node agents ({@link #APISERVER_KUBELET_CLIENT}),
 * and the front-proxy CA with the gateway's client certificate, each as {@code <name>.crt} and
 * {@code <name>.key}.
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

  /** The CA of the authenticating front proxy (gateway/): its client certificates carry X-Remote-* identities. */
  public static final String FRONT_PROXY_CA = "front-proxy-ca";
  /** The gateway's client certificate, the only name the apiserver accepts identity headers from by default. */
  public static final String FRONT_PROXY_CLIENT = "front-proxy-client";

  /**
   * Capstan's own components, each with a client certificate of its own naming the identity
   * Kubernetes' bootstrap policy grants that component's rights to (file name → CN and groups).
   */
  public static final List<Identity> COMPONENTS = List.of(
      new Identity("scheduler", "system:kube-scheduler", List.of()),
      new Identity("controller-manager", "system:kube-controller-manager", List.of()),
      new Identity("kube-proxy", "system:kube-proxy", List.of()),
      new Identity("auth", "system:capstan:auth", List.of()),
      new Identity("dns", "system:capstan:dns", List.of()));

  /** A client identity: the files {@code <file>.crt/.key}, the certificate's CN and O. */
  public record Identity(String file, String user, List<String> groups) {}

  /**
   * The apiserver's client certificate for the node API (kube-apiserver's
   * {@code --kubelet-client-certificate}; kubeadm's {@code apiserver-kubelet-client}): node agents
   * authorize it by SubjectAccessReview, and {@code system:masters} may do everything there.
   */
  public static final Identity APISERVER_KUBELET_CLIENT =
      new Identity("apiserver-kubelet-client", "kube-apiserver-kubelet-client", List.of("system:masters"));

  /** The node agent's identity on host {@code nodeName}: {@code system:node:<name>} in {@code system:nodes}. */
  public static Identity node(String nodeName) {
    return new Identity("node", "system:node:" + nodeName, List.of("system:nodes"));
  }

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

  /** Loopback, and the default ClusterIP of the {@code kubernetes} Service (in-cluster clients dial it). */
  public static final List<String> APISERVER_IPS = List.of("127.0.0.1", "10.96.0.1");

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Path dir;
  private final String nodeName;

  public ClusterPki(Path dir) {
    this(dir, null);
  }

  /** With the node agent's identity for {@code nodeName} (none when null). */
  public ClusterPki(Path dir, String nodeName) {
    this.dir = dir;
    this.nodeName = nodeName;
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
    CertificateAuthority ca = loadOrCreateCa(CA, "capstan-ca", written);
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
    List<Identity> identities = new ArrayList<>(COMPONENTS);
    identities.add(APISERVER_KUBELET_CLIENT);
    if (nodeName != null) identities.add(node(nodeName));
    for (Identity id : identities) {
      if (!isCurrent(id.file(), ca) || !names(id)) {
        write(id.file(), ca.issueClient(id.user(), id.groups(), LEAF_VALIDITY), written);
      }
    }
    CertificateAuthority frontProxy = loadOrCreateCa(FRONT_PROXY_CA, "capstan-front-proxy-ca", written);
    if (!isCurrent(FRONT_PROXY_CLIENT, frontProxy)) {
      write(FRONT_PROXY_CLIENT, frontProxy.issueClient(FRONT_PROXY_CLIENT, List.of(), LEAF_VALIDITY), written);
    }
    Path saKey = dir.resolve(SERVICE_ACCOUNT_KEY);
    if (!Files.exists(saKey)) {
      // Created once: replacing it would invalidate every service-account token issued.
      PemFiles.writePrivateKey(saKey, CertificateAuthority.newServiceAccountKeyPair().getPrivate());
      written.add(SERVICE_ACCOUNT_KEY);
    }
    return written;
  }

  /** False when the certificate names another user (the host was renamed): it is issued again. */
  private boolean names(Identity id) throws IOException {
    return PemFiles.readCertificate(certificate(id.file())).getSubjectX500Principal().getName()
        .contains("CN=" + id.user());
  }

  private CertificateAuthority loadOrCreateCa(String name, String commonName, List<String> written) throws IOException {
    boolean haveCert = Files.exists(certificate(name));
    boolean haveKey = Files.exists(privateKey(name));
    if (haveCert && haveKey) {
      return new CertificateAuthority(PemFiles.read(certificate(name), privateKey(name)));
    }
    if (haveCert || haveKey) {
      // Half a CA cannot be repaired without invalidating every certificate it signed: refuse.
      throw new IOException(
          "incomplete CA in "
              + dir
              + (haveCert ? ": " + name + ".crt without " + name + ".key" : ": " + name + ".key without " + name + ".crt")
              + "; restore the missing file or remove the directory to start a new cluster");
    }
    CertificateAuthority ca = CertificateAuthority.create(commonName, CA_VALIDITY);
    write(name, ca.keyAndCertificate(), written);
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
