package io.capstan.apiserver.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Private keys from PEM, in the forms openssl and `capstan init` write (SEC1/PKCS#1 key pairs, PKCS#8). */
public final class PemKeys {
  private PemKeys() {}

  public static PrivateKey read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  public static PrivateKey parse(byte[] pem) throws IOException {
    return parse(new String(pem, StandardCharsets.US_ASCII), "the PEM");
  }

  private static PrivateKey parse(String pem, String source) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
      throw new IOException(source + " holds no private key");
    }
  }
}
