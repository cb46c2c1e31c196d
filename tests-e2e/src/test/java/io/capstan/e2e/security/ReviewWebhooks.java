package io.capstan.e2e.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback TokenReview and SubjectAccessReview webhook, as an enterprise's identity bridge would
 * run: token {@link #TOKEN} is user {@link #USER} in group {@link #GROUP}; that user may get
 * configmaps, and is explicitly denied secrets. Counts the calls so tests can see the apiserver's
 * answer cache at work.
 */
final class ReviewWebhooks implements AutoCloseable {
  static final String TOKEN = "enterprise-token-0123456789";
  static final String USER = "webhook-user";
  static final String GROUP = "webhook-group";

  private final HttpServer server;
  final AtomicInteger tokenReviews = new AtomicInteger();
  final AtomicInteger accessReviews = new AtomicInteger();

  ReviewWebhooks() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/tokenreview", ex -> {
      tokenReviews.incrementAndGet();
      ObjectNode review = read(ex);
      ObjectNode status = review.putObject("status");
      if (TOKEN.equals(review.path("spec").path("token").asString(""))) {
        status.put("authenticated", true);
        ObjectNode user = status.putObject("user");
        user.put("username", USER);
        user.put("uid", "wh-1");
        user.putArray("groups").add(GROUP);
      } else {
        status.put("authenticated", false);
        status.put("error", "unknown token");
      }
      write(ex, review);
    });
    server.createContext("/authorize", ex -> {
      accessReviews.incrementAndGet();
      ObjectNode review = read(ex);
      JsonNode spec = review.path("spec");
      ObjectNode status = review.putObject("status");
      String resource = spec.path("resourceAttributes").path("resource").asString("");
      boolean ours = USER.equals(spec.path("user").asString(""));
      status.put("allowed", ours && "configmaps".equals(resource) && "get".equals(spec.path("resourceAttributes").path("verb").asString("")));
      if (ours && "secrets".equals(resource)) {
        status.put("denied", true);
        status.put("reason", "the enterprise policy forbids secrets");
      }
      write(ex, review);
    });
    server.start();
  }

  /** A kubeconfig-format webhook configuration pointing at {@code path} of this server. */
  Path kubeconfig(Path dir, String path) {
    String kc = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: webhook
          cluster: {server: "http://127.0.0.1:%d%s"}
        users:
        - name: apiserver
          user: {token: "apiserver-secret"}
        contexts:
        - name: webhook
          context: {cluster: webhook, user: apiserver}
        current-context: webhook
        """.formatted(server.getAddress().getPort(), path);
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(path.substring(1) + "-webhook.kubeconfig"), kc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode read(HttpExchange ex) throws IOException {
    try (var in = ex.getRequestBody()) {
      return (ObjectNode) Json.MAPPER.readTree(in.readAllBytes());
    }
  }

  private static void write(HttpExchange ex, ObjectNode body) throws IOException {
    byte[] b = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (var out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
