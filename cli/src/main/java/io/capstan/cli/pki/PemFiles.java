package io.capstan.cli.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM encoding as Spring Boot's PEM SSL bundle, kubectl and openssl read it: certificates as
 * {@code CERTIFICATE}, EC private keys as {@code EC PRIVATE KEY}, others as PKCS#8 {@code PRIVATE KEY}.
 */
public final class PemFiles {

  private PemFiles() {}

  public static String encode(X509Certificate certificate) {
    return write(certificate);
  }

  /**
   * EC keys in the traditional SEC 1 form ({@code EC PRIVATE KEY}), as kubeadm writes them: some
   * clients (fabric8) read every PKCS#8 key as RSA. Other keys as PKCS#8.
   */
  public static String encode(PrivateKey key) {
    if (key instanceof ECPrivateKey ec) return write(sec1(ec));
    try {
      return write(new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SEC 1 {@code ECPrivateKey} with the named curve inside, which Go's ParseECPrivateKey requires. */
  private static PemObject sec1(ECPrivateKey key) {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
    int orderBits = key.getParams().getOrder().bitLength();
    try {
      return new PemObject("EC PRIVATE KEY",
          new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, key.getS(), curve).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a certificate, readable by everyone. */
  public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
    Files.writeString(file, encode(certificate));
  }

  /** Writes a private key readable by the owner only; the file never exists with wider rights. */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, encode(key), StandardOpenOption.TRUNCATE_EXISTING);
  }

  public static X509Certificate readCertificate(Path file) throws IOException {
    Object object = readObject(file);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IOException(file + " does not hold a PEM CERTIFICATE");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException {
    Object object = readObject(file);
    if (object instanceof PEMKeyPair pair) return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
    if (!(object instanceof PrivateKeyInfo info)) {
      throw new IOException(file + " does not hold a PEM private key (EC PRIVATE KEY or PKCS#8 PRIVATE KEY)");
    }
    return new JcaPEMKeyConverter().getPrivateKey(info);
  }

  public static KeyAndCertificate read(Path certificate, Path privateKey) throws IOException {
    return new KeyAndCertificate(readCertificate(certificate), readPrivateKey(privateKey));
  }

  private static Object readObject(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      return parser.readObject();
    }
  }

  private static String write(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
