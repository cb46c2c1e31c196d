package io.capstan.cli.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster certificate authority: EC P-256 keys, SHA-256 ECDSA signatures, X.509 v3 extensions as
 * Kubernetes clients (Go's crypto/x509) and JSSE expect them. Uses only the JDK's providers for
 * keys and signatures; Bouncy Castle builds the certificates.
 */
public final class CertificateAuthority {

  /** Tolerated clock skew: certificates are valid from a little before "now". */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyAndCertificate ca;

  public CertificateAuthority(KeyAndCertificate ca) {
    this.ca = ca;
  }

  /** A new self-signed CA with subject {@code CN=commonName}. */
  public static CertificateAuthority create(String commonName, Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + commonName);
    X509Certificate certificate =
        sign(
            subject,
            subject,
            keys.getPublic(),
            keys,
            validity,
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
              builder.addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(
                      KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            });
    return new CertificateAuthority(new KeyAndCertificate(certificate, keys.getPrivate()));
  }

  public KeyAndCertificate keyAndCertificate() {
    return ca;
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  /**
   * A TLS server certificate for the given DNS names and IP addresses (subjectAltName), with
   * extended key usage serverAuth.
   */
  public KeyAndCertificate issueServer(
      String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    GeneralNames sans = new GeneralNames(names.toArray(GeneralName[]::new));
    return issue(
        new X500Name("CN=" + commonName),
        KeyPurposeId.id_kp_serverAuth,
        validity,
        builder -> builder.addExtension(Extension.subjectAlternativeName, false, sans));
  }

  /**
   * A TLS client certificate. Kubernetes reads the user name from CN and the groups from O, so
   * {@code organizations} are the user's groups (e.g. {@code system:masters}).
   */
  public KeyAndCertificate issueClient(
      String commonName, List<String> organizations, Duration validity) {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
    subject.addRDN(BCStyle.CN, commonName);
    return issue(subject.build(), KeyPurposeId.id_kp_clientAuth, validity, builder -> {});
  }

  private KeyAndCertificate issue(
      X500Name subject, KeyPurposeId purpose, Duration validity, Extensions extra) {
    KeyPair keys = newKeyPair();
    X509Certificate certificate =
        sign(
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            subject,
            keys.getPublic(),
            new KeyPair(ca.certificate().getPublicKey(), ca.privateKey()),
            validity,
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
              builder.addExtension(
                  Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
              extra.addTo(builder);
            });
    return new KeyAndCertificate(certificate, keys.getPrivate());
  }

  @FunctionalInterface
  private interface Extensions {
    void addTo(X509v3CertificateBuilder builder) throws CertIOException;
  }

  private static X509Certificate sign(
      X500Name issuer,
      X500Name subject,
      PublicKey subjectKey,
      KeyPair issuerKeys,
      Duration validity,
      Extensions extensions) {
    try {
      Instant now = Instant.now();
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(159, RANDOM).add(BigInteger.ONE),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(validity)),
              subject,
              subjectKey);
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      extensions.addTo(builder);
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot sign certificate for " + subject, e);
    }
  }

  /** A fresh EC P-256 key pair for signing service-account tokens. */
  public static KeyPair newServiceAccountKeyPair() {
    return newKeyPair();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JDK", e);
    }
  }
}
