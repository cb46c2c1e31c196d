package io.capstan.apiserver.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/** Parsing of {@code spec.request}: base64 of a PEM "CERTIFICATE REQUEST" with a valid self-signature. */
public final class CertificateRequests {
  private CertificateRequests() {}

  static Provider provider() {
    Provider p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (p == null) {
      p = new BouncyCastleProvider();
      Security.addProvider(p);
    }
    return p;
  }

  /** The parsed request; throws IllegalArgumentException with a reason a user can act on. */
  public static PKCS10CertificationRequest parse(String base64Pem) {
    byte[] pem;
    try {
      pem = Base64.getDecoder().decode(base64Pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64-encoded");
    }
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
    }
    if (!(parsed instanceof PKCS10CertificationRequest csr)) {
      throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
    }
    try {
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(provider()).build(csr.getSubjectPublicKeyInfo()))) {
        throw new IllegalArgumentException("the request's signature is invalid");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException("the request's signature cannot be checked: " + e.getMessage());
    }
    return csr;
  }
}
