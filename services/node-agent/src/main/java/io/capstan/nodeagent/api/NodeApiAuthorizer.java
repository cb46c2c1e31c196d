package io.capstan.nodeagent.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes node API calls as the kubelet's webhook mode does: a SubjectAccessReview for verb
 * (from the HTTP method), resource {@code nodes}, the node's name and a subresource from the path
 * ({@code stats}, {@code metrics}, {@code log}, {@code spec}, else {@code proxy}, which covers
 * exec, attach, port-forward and container logs). Answers are cached as the kubelet caches them
 * by default: allowed for 5 minutes, denied for 30 seconds.
 */
public final class NodeApiAuthorizer {
  static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
  static final Duration DENIED_TTL = Duration.ofSeconds(30);
  private static final int MAX_CACHED = 4096;

  /** What is asked of the apiserver. */
  public record Attributes(String user, java.util.List<String> groups, String verb, String node,
      String subresource) {}

  /** Sends a SubjectAccessReview; true when allowed. Throws when the apiserver cannot answer. */
  @FunctionalInterface
  public interface AccessReviews {
    boolean allowed(Attributes attributes);
  }

  private record Cached(boolean allowed, Instant until) {}

  private final String node;
  private final AccessReviews reviews;
  private final Clock clock;
  private final Map<Attributes, Cached> cache = new ConcurrentHashMap<>();

  public NodeApiAuthorizer(String node, AccessReviews reviews, Clock clock) {
    this.node = node;
    this.reviews = reviews;
    this.clock = clock;
  }

  Attributes attributes(Caller caller, String method, String path) {
    return new Attributes(caller.user(), caller.groups(), verb(method), node, subresource(path));
  }

  /** Whether {@code a} is allowed, from the cache or a new review. */
  boolean allowed(Attributes a) {
    Instant now = clock.instant();
    Cached hit = cache.get(a);
    if (hit != null && now.isBefore(hit.until())) return hit.allowed();
    boolean allowed = reviews.allowed(a);
    if (cache.size() >= MAX_CACHED) cache.entrySet().removeIf(e -> !now.isBefore(e.getValue().until()));
    if (cache.size() < MAX_CACHED) cache.put(a, new Cached(allowed, now.plus(allowed ? ALLOWED_TTL : DENIED_TTL)));
    return allowed;
  }

  static String verb(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "get";
    };
  }

  static String subresource(String path) {
    if (path.equals("/stats") || path.startsWith("/stats/")) return "stats";
    if (path.equals("/metrics") || path.startsWith("/metrics/")) return "metrics";
    if (path.startsWith("/logs/")) return "log";
    if (path.startsWith("/spec/")) return "spec";
    return "proxy";
  }
}
