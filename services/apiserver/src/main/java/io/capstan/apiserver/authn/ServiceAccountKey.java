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
        w.writeObject(pair);
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, out.toString());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair kp) {
        KeyPair pair = converter.getKeyPair(kp);
        return of(pair.getPrivate(), pair.getPublic());
      }
      throw new IOException(file + " does not hold an EC key pair (got " + (pem == null ? "nothing" : pem.getClass().getSimpleName()) + ")");
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
