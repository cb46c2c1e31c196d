package io.capstan.apiserver.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lets every client certificate through the TLS handshake, as Kubernetes does
 * ({@code tls.RequestClientCert}), so that {@link X509Authenticator} judges it and a bad one
 * (expired, another CA, a rotated CA) is answered {@code 401 Unauthorized} instead of a bare
 * handshake failure. The handshake still names the cluster CA as the acceptable issuer. Server
 * authentication is untouched: this is only the trust manager for client certificates.
 */
@Component
public class ClientCertificateTrust implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  /** Read by {@link DeferToAuthenticator}, which Tomcat instantiates by class name. */
  static volatile X509Certificate[] acceptedIssuers = new X509Certificate[0];

  public ClientCertificateTrust(@org.springframework.beans.factory.annotation.Value("${capstan.pki-dir}") String pkiDir)
      throws IOException, CertificateException {
    // The front-proxy CA is named too, so that the gateway's TLS client picks its front-proxy certificate.
    java.util.List<X509Certificate> issuers = new java.util.ArrayList<>();
    for (String name : new String[] {"ca.crt", "front-proxy-ca.crt"}) {
      Path file = Path.of(pkiDir, name);
      if (!Files.exists(file)) continue;
      try (InputStream in = Files.newInputStream(file)) {
        issuers.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
    }
    acceptedIssuers = issuers.toArray(new X509Certificate[0]);
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(connector -> {
      for (SSLHostConfig host : connector.findSslHostConfigs()) host.setTrustManagerClassName(DeferToAuthenticator.class.getName());
    });
  }

  /** Accepts any client chain at the TLS layer; the request filter authenticates it. */
  public static final class DeferToAuthenticator implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // Deliberately empty: X509Authenticator verifies signature and validity per request (401 on failure).
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("the apiserver never acts as a TLS client with this trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return acceptedIssuers.clone();
    }
  }
}
