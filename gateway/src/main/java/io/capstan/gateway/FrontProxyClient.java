package io.capstan.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The HTTP client the gateway reaches the apiserver with: it presents the front-proxy client
 * certificate ({@code capstan init}'s {@code front-proxy-client.crt}), the only credential under
 * which the apiserver believes X-Remote-* headers, and trusts the cluster CA.
 */
final class FrontProxyClient {
  private FrontProxyClient() {}

  static HttpClient create(Path caFile, Path certFile, Path keyFile) throws IOException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      try (InputStream in = Files.newInputStream(caFile)) {
        ts.setCertificateEntry("ca", cf.generateCertificate(in));
      }
      Certificate cert;
      try (InputStream in = Files.newInputStream(certFile)) {
        cert = cf.generateCertificate(in);
      }
      PrivateKey key;
      try (PEMParser p = new PEMParser(Files.newBufferedReader(keyFile))) {
        Object o = p.readObject();
        JcaPEMKeyConverter c = new JcaPEMKeyConverter();
        key = o instanceof PEMKeyPair pair ? c.getPrivateKey(pair.getPrivateKeyInfo()) : c.getPrivateKey((PrivateKeyInfo) o);
      }
      char[] pass = "gateway".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("front-proxy", key, pass, new Certificate[] {cert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
    } catch (GeneralSecurityException e) {
      throw new IOException("unusable front-proxy credentials: " + e.getMessage(), e);
    }
  }
}
