package io.capstan.nodeagent.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The node API's TLS: the current serving certificate and the CAs whose client certificates it
 * accepts (the kubelet's {@code --client-ca-file}). Client certificates are wanted, not needed, so
 * a caller without one completes the handshake and gets {@code 401} at the HTTP level, as from the
 * kubelet. A renewed certificate applies to connections accepted after {@link #serve}.
 */
public final class NodeApiTls {
  private static final char[] NO_PASSWORD = new char[0];

  private final List<X509Certificate> clientCas;
  private volatile SSLContext context;

  public NodeApiTls(List<X509Certificate> clientCas) {
    if (clientCas.isEmpty()) throw new IllegalArgumentException("the node API needs a client CA");
    this.clientCas = List.copyOf(clientCas);
  }

  public List<X509Certificate> clientCas() {
    return clientCas;
  }

  public boolean ready() {
    return context != null;
  }

  /** Serves {@code certificate} from now on. */
  public void serve(ServingCertificate certificate) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("serving", certificate.key(), NO_PASSWORD, certificate.chain().toArray(X509Certificate[]::new));
      KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      km.init(keys, NO_PASSWORD);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < clientCas.size(); i++) trusted.setCertificateEntry("ca-" + i, clientCas.get(i));
      TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tm.init(trusted);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km.getKeyManagers(), tm.getTrustManagers(), null);
      context = ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot serve the node certificate: " + e.getMessage(), e);
    }
  }

  /** Wraps an accepted connection as the server side of a TLS session (the handshake runs on first use). */
  public SSLSocket accept(Socket plain) throws IOException {
    SSLContext ctx = context;
    if (ctx == null) throw new IOException("the node API has no serving certificate yet");
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
    s.setUseClientMode(false);
    s.setWantClientAuth(true);
    return s;
  }
}
