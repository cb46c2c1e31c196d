package io.capstan.auth.signer;

import io.capstan.security.pki.CsrRules;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Issues leaf certificates with the cluster CA ({@code ca.crt}/{@code ca.key} in the PKI
 * directory): the subject and public key come from the request, never past the CA's own expiry.
 */
public final class CertificateIssuer {
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final X509Certificate ca;
  private final PrivateKey caKey;

  public CertificateIssuer(X509Certificate ca, PrivateKey caKey) {
    this.ca = ca;
    this.caKey = caKey;
  }

  /** The issuer of the CA certificate and key in these PEM files. */
  public static CertificateIssuer fromFiles(Path caCert, Path caKey) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(caCert)) {
      X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      return new CertificateIssuer(ca, readKey(caKey));
    } catch (CertificateException e) {
      throw new IOException(caCert + " holds no X.509 certificate", e);
    }
  }

  public static PrivateKey readKey(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      if (pem instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
      throw new IOException(file + " holds no private key");
    }
  }

  /** What to put in a certificate besides subject and key. */
  public record Profile(boolean clientAuth, boolean serverAuth, boolean copySubjectAltNames) {}

  public X509Certificate issue(PKCS10CertificationRequest csr, Profile profile, Duration validity, Instant now) {
    try {
      Instant notAfter = now.plus(validity);
      if (notAfter.isAfter(ca.getNotAfter().toInstant())) notAfter = ca.getNotAfter().toInstant();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), new BigInteger(127, RANDOM),
          Date.from(now.minus(BACKDATE)), Date.from(notAfter), csr.getSubject(),
          new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo()));
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      boolean rsa = "RSA".equals(new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo()).getAlgorithm());
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0)));
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (profile.clientAuth()) purposes.add(KeyPurposeId.id_kp_clientAuth);
      if (profile.serverAuth()) purposes.add(KeyPurposeId.id_kp_serverAuth);
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
      if (profile.copySubjectAltNames()) {
        GeneralNames sans = CsrRules.subjectAltNames(csr);
        if (sans != null) b.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      String alg = "EC".equals(caKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(alg).build(caKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | CertificateException | OperatorCreationException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
    }
  }

  public static String pem(X509Certificate cert) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(cert);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
    return out.toString();
  }
}
