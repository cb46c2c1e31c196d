package io.capstan.apiserver.authn;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The service-account signing key: EC P-256 ({@code ES256}) in {@code <pki-dir>/sa.key}, which
 * {@code capstan init} creates. A cluster initialised before that file existed gets one written on
 * first start, so tokens stay valid across restarts either way.
 */
public record ServiceAccountKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

  public static ServiceAccountKey loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      KeyPair pair = generate();
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, out.toString());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair kp) {
        PrivateKey priv = converter.getPrivateKey(kp.getPrivateKeyInfo());
        PublicKey pub = kp.getPublicKeyInfo() != null ? converter.getPublicKey(kp.getPublicKeyInfo()) : derivePublic(priv);
        return of(priv, pub);
      }
      if (pem instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
        PrivateKey priv = converter.getPrivateKey(info);
        return of(priv, derivePublic(priv));
      }
      throw new IOException(file + " does not hold an EC key pair (got " + (pem == null ? "nothing" : pem.getClass().getSimpleName()) + ")");
    }
  }

  /** Q = d·G: SEC 1 files written without the optional public key still yield a key pair. */
  static PublicKey derivePublic(PrivateKey priv) throws IOException {
    if (!(priv instanceof java.security.interfaces.ECPrivateKey ec)) throw new IOException("the service account key is not an EC key");
    try {
      org.bouncycastle.jce.spec.ECParameterSpec spec =
          org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(ec.getParams());
      org.bouncycastle.math.ec.ECPoint q = spec.getG().multiply(ec.getS()).normalize();
      java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
          q.getAffineYCoord().toBigInteger());
      return java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(w, ec.getParams()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot derive the service account public key", e);
    }
  }

  public static ServiceAccountKey generated() {
    KeyPair pair = generate();
    return of(pair.getPrivate(), pair.getPublic());
  }

  private static ServiceAccountKey of(PrivateKey priv, PublicKey pub) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(pub.getEncoded());
      return new ServiceAccountKey(priv, pub, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

}
