package io.capstan.e2e.security;

import com.sun.net.httpserver.HttpServer;
import io.capstan.testing.ApiServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The test's stand-in for the {@code kubernetes} Service until a node proxy exists: plain HTTP on
 * an address pods reach (their network's gateway on this host), relayed over TLS to the suite's
 * loopback-only apiserver with the caller's {@code Authorization} header and nothing else, so the
 * apiserver judges the pod's own token. (busybox's TLS cannot talk to the apiserver's ECDSA
 * certificate, hence plain HTTP on this one hop inside the host.)
 */
final class PodApiRelay implements AutoCloseable {
  private final HttpServer server;

  PodApiRelay(InetAddress bind, int port, ApiServerProcess api) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(api.trustingContext()).version(HttpClient.Version.HTTP_1_1).build();
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + ex.getRequestURI().toString())).GET();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null) b.header("Authorization", auth);
      byte[] body;
      int status;
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        status = r.statusCode();
        body = r.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
        body = new byte[0];
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (var out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
