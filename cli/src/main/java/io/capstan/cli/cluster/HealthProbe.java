package io.capstan.cli.cluster;

import io.capstan.cli.pki.PemFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One readiness check of a component: a GET against its health URL, or a TCP connect to its port.
 * HTTPS is verified against the cluster CA only (host name included), and no client certificate
 * is sent: health endpoints answer anonymously.
 */
public final class HealthProbe {

  /** The outcome of one check; {@code detail} is for humans ("200", "connection refused"). */
  public record Result(boolean healthy, String detail) {}

  private final HttpClient http;
  private final HttpClient https;

  /** @param caCertificate the cluster CA (may not exist yet: HTTPS checks then fail) */
  public HealthProbe(Path caCertificate) {
    this.http = client(null);
    this.https = Files.exists(caCertificate) ? client(trusting(caCertificate)) : null;
  }

  public Result check(Readiness readiness) {
    if (readiness instanceof Readiness.PortOpen port) {
      return check(port);
    }
    if (readiness instanceof Readiness.UnixSocket unix) {
      try (var ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
        ch.connect(java.net.UnixDomainSocketAddress.of(unix.path()));
        return new Result(true, "socket accepts connections");
      } catch (IOException e) {
        return new Result(false, describe(e));
      }
    }
    return check(((Readiness.Http) readiness).url());
  }

  private static Result check(Readiness.PortOpen port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(port.host(), port.port()), 2000);
      return new Result(true, "port open");
    } catch (IOException e) {
      return new Result(false, describe(e));
    }
  }

  public Result check(URI url) {
    HttpClient client = "https".equals(url.getScheme()) ? https : http;
    if (client == null) {
      return new Result(false, "no cluster CA to verify " + url);
    }
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      return new Result(status / 100 == 2, "HTTP " + status);
    } catch (IOException e) {
      return new Result(false, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static HttpClient client(SSLContext ssl) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2));
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    return builder.build();
  }

  private static SSLContext trusting(Path caCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("capstan-ca", PemFiles.readCertificate(caCertificate));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load cluster CA " + caCertificate, e);
    }
  }
}
