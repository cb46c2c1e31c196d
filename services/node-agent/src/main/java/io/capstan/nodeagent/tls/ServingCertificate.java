package io.capstan.nodeagent.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.slf4j.LoggerFactory;

/**
 * The node API's serving key and certificate chain, kept as {@code kubelet-server.key} and
 * {@code kubelet-server.crt} in the agent's PKI directory so a restarted agent serves at once.
 */
public record ServingCertificate(PrivateKey key, List<X509Certificate> chain) {
  static final String CERT_FILE = "kubelet-server.crt";
  static final String KEY_FILE = "kubelet-server.key";

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** When to ask for a new one: 80% into the certificate's life (the kubelet renews 70-90% in). */
  public Instant renewAt() {
    Instant from = leaf().getNotBefore().toInstant();
    Instant to = leaf().getNotAfter().toInstant();
    return from.plus(Duration.between(from, to).multipliedBy(8).dividedBy(10));
  }

  /**
   * Usable now for these addresses: issued by one of {@code cas}, not due for renewal, and naming
   * exactly the node's addresses (a changed IP needs a new certificate).
   */
  public boolean usable(Instant now, Collection<X509Certificate> cas, Set<String> ips, Set<String> dnsNames) {
    if (!now.isBefore(renewAt())) return false;
    if (cas.stream().noneMatch(ca -> signedBy(leaf(), ca))) return false;
    return ips.equals(subjectAltNames(leaf(), 7)) && dnsNames.equals(subjectAltNames(leaf(), 2));
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
    try {
      cert.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The SANs of one type (2 = DNS, 7 = IP). */
  static Set<String> subjectAltNames(X509Certificate cert, int type) {
    Set<String> out = new HashSet<>();
    try {
      if (cert.getSubjectAlternativeNames() == null) return out;
      for (List<?> san : cert.getSubjectAlternativeNames()) {
        if (((Integer) san.get(0)) == type) out.add((String) san.get(1));
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return out;
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    StringWriter certs = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(certs)) {
      for (X509Certificate c : chain) w.writeObject(c);
    }
    StringWriter key = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(key)) {
      // PKCS#8: BC's SEC1 form of a JDK EC key drops the curve, and the key would not read back.
      w.writeObject(new JcaPKCS8Generator(this.key, null));
    }
    Path keyFile = dir.resolve(KEY_FILE);
    Files.deleteIfExists(keyFile);
    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, key.toString());
    Files.writeString(dir.resolve(CERT_FILE), certs.toString());
  }

  /** The saved pair, or empty when there is none or it cannot be read (a new one is requested then). */
  public static Optional<ServingCertificate> load(Path dir) {
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) return Optional.empty();
    try {
      return Optional.of(new ServingCertificate(readKey(Files.readString(key)), readChain(Files.readString(cert))));
    } catch (IOException | CertificateException | RuntimeException e) {
      LoggerFactory.getLogger(ServingCertificate.class).warn("ignoring the unreadable serving certificate in {}: {}",
          dir, e.toString());
      return Optional.empty();
    }
  }

  static PrivateKey readKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
      throw new IOException("no private key in PEM");
    }
  }

  /** Every certificate in a PEM bundle, in order. */
  public static List<X509Certificate> readChain(String pem) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) throw new CertificateException("no certificate in PEM");
    return List.copyOf(out);
  }
}
