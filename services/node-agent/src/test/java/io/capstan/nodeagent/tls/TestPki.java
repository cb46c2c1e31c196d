package io.capstan.nodeagent.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA issuing serving and client certificates for node API tests. */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1);
  private final KeyPair caKey = key();
  public final X509Certificate ca;

  public TestPki(String name) {
    ca = issue(new X500Name("CN=" + name), caKey.getPublic(), caKey, null, true, List.of(), List.of(),
        Instant.now().minusSeconds(60), Duration.ofDays(1));
  }

  /** A serving certificate for the node, valid from {@code from} for {@code life}. */
  public ServingCertificate serving(String node, List<String> ips, List<String> dns, Instant from, Duration life) {
    KeyPair k = key();
    return new ServingCertificate(k.getPrivate(), List.of(issue(new X500Name("O=system:nodes,CN=system:node:" + node),
        k.getPublic(), caKey, ca, false, ips, dns, from, life)));
  }

  /** A client SSLContext presenting {@code CN=user, O=groups} and trusting this CA. */
  public SSLContext client(String user, String... groups) {
    KeyPair k = key();
    StringBuilder dn = new StringBuilder("CN=" + user);
    for (String g : groups) dn.append(",O=").append(g);
    X509Certificate cert = issue(new X500Name(dn.toString()), k.getPublic(), caKey, ca, false, List.of(), List.of(),
        Instant.now().minusSeconds(60), Duration.ofHours(1));
    return context(k, cert);
  }

  /** Trusts this CA, presents no certificate. */
  public SSLContext anonymous() {
    return context(null, null);
  }

  private SSLContext context(KeyPair k, X509Certificate cert) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tm.init(trust);
      KeyManagerFactory km = null;
      if (k != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("me", k.getPrivate(), new char[0], new X509Certificate[] {cert});
        km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, new char[0]);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km == null ? null : km.getKeyManagers(), tm.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate issue(X500Name subject, java.security.PublicKey key, KeyPair signer,
      X509Certificate issuer, boolean isCa, List<String> ips, List<String> dns, Instant from, Duration life) {
    try {
      X500Name issuerName = issuer == null ? subject : new X500Name(issuer.getSubjectX500Principal().getName());
      var b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.getAndIncrement()),
          Date.from(from), Date.from(from.plus(life)), subject, key);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      List<GeneralName> sans = new ArrayList<>();
      for (String d : dns) sans.add(new GeneralName(GeneralName.dNSName, d));
      for (String ip : ips) sans.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(ip).getHostAddress()));
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair key() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
