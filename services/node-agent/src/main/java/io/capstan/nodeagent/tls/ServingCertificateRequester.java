package io.capstan.nodeagent.tls;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the node API's serving certificate as the kubelet does with
 * {@code serverTLSBootstrap}: a new EC P-256 key, a CertificateSigningRequest for signer
 * {@code kubernetes.io/kubelet-serving} with {@code CN=system:node:<name>, O=system:nodes} and the
 * node's addresses as SANs, then waiting until it is approved and signed. Denied or failed
 * requests and time-outs are errors: a self-signed stand-in would be refused by the apiserver,
 * which verifies the node against the cluster CA.
 */
public final class ServingCertificateRequester implements ServingCertificateRotation.Issuer {
  private static final Logger log = LoggerFactory.getLogger(ServingCertificateRequester.class);
  public static final String SIGNER = "kubernetes.io/kubelet-serving";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration POLL = Duration.ofMillis(250);

  private final KubernetesClient client;
  private final String nodeName;
  private final Duration timeout;

  public ServingCertificateRequester(KubernetesClient client, String nodeName, Duration timeout) {
    this.client = client;
    this.nodeName = nodeName;
    this.timeout = timeout;
  }

  @Override
  public ServingCertificate request(Set<String> ips, Set<String> dnsNames) throws InterruptedException {
    KeyPair key = newKey();
    byte[] id = new byte[4];
    RANDOM.nextBytes(id);
    String name = "node-serving-" + nodeName + "-" + HexFormat.of().formatHex(id);
    CertificateSigningRequest csr = new CertificateSigningRequestBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withSignerName(SIGNER)
        .withUsages("digital signature", "key encipherment", "server auth")
        .withRequest(Base64.getEncoder().encodeToString(pem(csr(key, ips, dnsNames)).getBytes(StandardCharsets.US_ASCII)))
        .endSpec().build();
    var csrs = client.certificates().v1().certificateSigningRequests();
    csrs.resource(csr).create();
    log.info("node {}: requested a serving certificate ({}) for {} {}", nodeName, name, ips, dnsNames);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      CertificateSigningRequest now = csrs.withName(name).get();
      if (now == null) throw new IllegalStateException("CSR " + name + " was deleted before it was signed");
      String refusal = refusal(now);
      if (refusal != null) throw new IllegalStateException("CSR " + name + " " + refusal);
      String issued = now.getStatus() == null ? null : now.getStatus().getCertificate();
      if (issued != null && !issued.isEmpty()) {
        try {
          return new ServingCertificate(key.getPrivate(),
              ServingCertificate.readChain(new String(Base64.getDecoder().decode(issued), StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
          throw new IllegalStateException("CSR " + name + " holds an unreadable certificate: " + e.getMessage(), e);
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException("CSR " + name + " was not approved and signed within " + timeout
        + " (kubectl certificate approve " + name + ")");
  }

  private static String refusal(CertificateSigningRequest csr) {
    if (csr.getStatus() == null || csr.getStatus().getConditions() == null) return null;
    for (CertificateSigningRequestCondition c : csr.getStatus().getConditions()) {
      if (("Denied".equals(c.getType()) || "Failed".equals(c.getType())) && !"False".equals(c.getStatus())) {
        return "was " + c.getType().toLowerCase() + ": " + c.getMessage();
      }
    }
    return null;
  }

  private static KeyPair newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 in this JDK", e);
    }
  }

  private PKCS10CertificationRequest csr(KeyPair key, Set<String> ips, Set<String> dnsNames) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.stream().sorted().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    ips.stream().sorted().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(sans.toArray(GeneralName[]::new)));
      return new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "system:nodes").addRDN(BCStyle.CN, "system:node:" + nodeName).build(), key.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build the serving CSR: " + e.getMessage(), e);
    }
  }

  private static String pem(PKCS10CertificationRequest csr) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(csr);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
