package io.capstan.apiserver.authn.webhook;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.TokenAuthenticator;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.webhook.TtlCache;
import io.capstan.apiserver.webhook.WebhookClient;
import io.capstan.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bearer tokens no other authenticator knows, judged by a remote TokenReview webhook (kube-apiserver's
 * {@code --authentication-token-webhook-config-file}). Answers are cached by the token's SHA-256
 * ({@code cache-ttl}, Kubernetes' default two minutes; refusals for a shorter time), so a busy client
 * does not cost a webhook call per request. An unreachable webhook is a 401, never a cached one.
 */
public final class WebhookTokenAuthenticator implements TokenAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(WebhookTokenAuthenticator.class);
  private static final Duration REFUSAL_TTL = Duration.ofSeconds(10);

  /** The webhook's answer: the user, or why not. */
  record Answer(UserInfo user, String error) {}

  private final WebhookClient client;
  private final TtlCache<Answer> cache;
  private final Duration ttl;

  public WebhookTokenAuthenticator(WebhookClient client, java.time.Clock clock, Duration ttl) {
    this.client = client;
    this.cache = new TtlCache<>(clock, 10_000);
    this.ttl = ttl;
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    String key = sha256(token);
    Answer a = cache.get(key).orElseGet(() -> {
      Answer fresh = ask(token);
      cache.put(key, fresh, fresh.user() != null ? ttl : REFUSAL_TTL.compareTo(ttl) < 0 ? REFUSAL_TTL : ttl);
      return fresh;
    });
    if (a.user() == null) throw new AuthenticationException("webhook: " + a.error());
    return Optional.of(a.user());
  }

  private Answer ask(String token) {
    ObjectNode review = Json.object();
    review.put("apiVersion", "authentication.k8s.io/v1");
    review.put("kind", "TokenReview");
    review.putObject("spec").put("token", token);
    JsonNode status;
    try {
      status = client.post(review).path("status");
    } catch (IOException e) {
      log.warn("token webhook failed: {}", e.getMessage());
      throw new AuthenticationException("webhook: " + e.getMessage());
    }
    if (!status.path("authenticated").asBoolean(false)) {
      return new Answer(null, status.path("error").asString("token not authenticated"));
    }
    JsonNode u = status.path("user");
    String name = u.path("username").asString("");
    if (name.isEmpty()) return new Answer(null, "the webhook named no user");
    List<String> groups = new ArrayList<>();
    u.path("groups").forEach(g -> groups.add(g.asString()));
    Map<String, List<String>> extra = new LinkedHashMap<>();
    u.path("extra").properties().forEach(e -> {
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asString()));
      extra.put(e.getKey(), values);
    });
    return new Answer(new UserInfo(name, u.path("uid").asString(""), groups, extra), null);
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
