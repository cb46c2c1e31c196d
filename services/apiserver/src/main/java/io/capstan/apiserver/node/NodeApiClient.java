package io.capstan.apiserver.node;

import io.capstan.apiserver.certificates.PemKeys;
import io.capstan.model.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How the apiserver reaches node agents' node API, as kube-apiserver with
 * {@code --kubelet-client-certificate/--kubelet-client-key} and {@code --kubelet-certificate-authority}:
 * over HTTPS, presenting its kubelet-client certificate ({@code CN=kube-apiserver-kubelet-client,
 * O=system:masters}, made by {@code capstan init}), and verifying the node's serving certificate
 * and its address against the cluster CA.
 *
 * <p>Settings {@code capstan.kubelet.client-certificate}, {@code .client-key} and
 * {@code .certificate-authority}; by default {@code apiserver-kubelet-client.crt/.key} and
 * {@code ca.crt} in {@code capstan.pki-dir}.
 */
@Component
public class NodeApiClient {
  private static final Logger log = LoggerFactory.getLogger(NodeApiClient.class);
  private static final char[] NO_PASSWORD = new char[0];
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final SSLContext context;

  public NodeApiClient(@Value("${capstan.pki-dir}") String pkiDir,
      @Value("${capstan.kubelet.client-certificate:}") String certificate,
      @Value("${capstan.kubelet.client-key:}") String key,
      @Value("${capstan.kubelet.certificate-authority:}") String authority) throws IOException, GeneralSecurityException {
    Path cert = certificate.isBlank() ? Path.of(pkiDir, "apiserver-kubelet-client.crt") : Path.of(certificate);
    Path keyFile = key.isBlank() ? Path.of(pkiDir, "apiserver-kubelet-client.key") : Path.of(key);
    Path ca = authority.isBlank() ? Path.of(pkiDir, "ca.crt") : Path.of(authority);
    this.context = context(cert, keyFile, ca);
  }

  static SSLContext context(Path cert, Path key, Path ca) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    List<X509Certificate> cas = certificates(ca);
    for (int i = 0; i < cas.size(); i++) trusted.setCertificateEntry("ca-" + i, cas.get(i));
    TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tm.init(trusted);
    KeyManagerFactory km = null;
    if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("kubelet-client", PemKeys.read(key), NO_PASSWORD,
          certificates(cert).toArray(X509Certificate[]::new));
      km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      km.init(keys, NO_PASSWORD);
    } else {
      // Nodes answer 401 then; `capstan init` creates the pair in an existing PKI directory.
      log.warn("no kubelet client certificate at {} / {}: node agents will refuse exec, logs and metrics", cert, key);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(km == null ? null : km.getKeyManagers(), tm.getTrustManagers(), null);
    return ctx;
  }

  private static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
      if (out.isEmpty()) throw new GeneralSecurityException("no certificate in " + pem);
      return out;
    }
  }

  /** An HTTP client for the node API's plain requests (logs, stats). */
  HttpClient http(Duration connectTimeout) {
    return HttpClient.newBuilder().sslContext(context).connectTimeout(connectTimeout).build();
  }

  /**
   * A TLS connection to the node API, handshake done and the node's certificate checked for its
   * address; a node that cannot be reached or proven is 503.
   */
  Socket connect(NodeEndpoint endpoint, String nodeName) {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) CONNECT_TIMEOUT.toMillis());
      plain.setSoTimeout(30_000);
      SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(), endpoint.port(), true);
      SSLParameters parameters = s.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(parameters);
      s.startHandshake();
      return s;
    } catch (IOException e) {
      try {
        plain.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw ApiException.unavailable("cannot reach the node agent of " + nodeName + " at " + endpoint.host() + ":"
          + endpoint.port() + ": " + e.getMessage());
    }
  }
}
