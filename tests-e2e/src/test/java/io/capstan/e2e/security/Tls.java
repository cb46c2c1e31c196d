package io.capstan.e2e.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** PEM files, certificates signed on the spot and TLS contexts for HTTP-level security tests. */
public final class Tls {
  private Tls() {}

  public static X509Certificate certificate(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  public static PrivateKey key(Path pem) throws IOException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      return o instanceof PEMKeyPair p ? c.getPrivateKey(p.getPrivateKeyInfo()) : c.getPrivateKey((PrivateKeyInfo) o);
    }
  }

  public static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** A certificate for {@code subject} signed by {@code issuer}'s key, valid for an hour. */
  public static X509Certificate sign(String subject, KeyPair subjectKeys, X509Certificate issuer, PrivateKey issuerKey) throws Exception {
    Instant now = Instant.now();
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), BigInteger.valueOf(System.nanoTime()),
        Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), new X500Name(subject), subjectKeys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  /** Trusts {@code ca}; presents {@code cert} with {@code key} when they are not null. */
  public static SSLContext context(X509Certificate ca, X509Certificate cert, PrivateKey key) throws Exception {
    KeyManagerFactory kmf = null;
    if (cert != null) {
      char[] pass = "p".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("me", key, pass, new X509Certificate[] {cert});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
    }
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
