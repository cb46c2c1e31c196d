package io.capstan.apiserver.authn;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.TokenAuthenticator;
import io.capstan.apiserver.security.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bootstrap tokens ({@code <id>.<secret>}, 6 and 16 of [a-z0-9]) backed by Secrets
 * {@code kube-system/bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token}:
 * the secret must match, {@code usage-bootstrap-authentication} be "true" and {@code expiration}
 * (RFC 3339) lie ahead. The user is {@code system:bootstrap:<id>} in {@code system:bootstrappers}
 * plus the secret's {@code auth-extra-groups}. A token of this shape that fails is a 401.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {
  static final Pattern TOKEN = Pattern.compile("^([a-z0-9]{6})\\.([a-z0-9]{16})$");
  static final String TYPE = "bootstrap.kubernetes.io/token";
  private final StoredObjects objects;
  private final Clock clock;

  public BootstrapTokenAuthenticator(StoredObjects objects, Clock clock) {
    this.objects = objects;
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    Matcher m = TOKEN.matcher(token);
    if (!m.matches()) return Optional.empty();
    String id = m.group(1);
    ObjectNode secret = objects.get("", "secrets", "kube-system", "bootstrap-token-" + id)
        .orElseThrow(() -> new AuthenticationException("bootstrap token " + id + " not found"));
    if (!TYPE.equals(secret.path("type").asString(""))) throw new AuthenticationException("bootstrap token " + id + ": wrong secret type");
    if (secret.path("metadata").has("deletionTimestamp")) throw new AuthenticationException("bootstrap token " + id + " is being deleted");
    JsonNode data = secret.path("data");
    String secretPart = decode(data, "token-secret");
    if (!id.equals(decode(data, "token-id"))
        || !MessageDigest.isEqual(m.group(2).getBytes(StandardCharsets.UTF_8), secretPart.getBytes(StandardCharsets.UTF_8))) {
      throw new AuthenticationException("bootstrap token " + id + ": secret does not match");
    }
    if (!"true".equals(decode(data, "usage-bootstrap-authentication"))) {
      throw new AuthenticationException("bootstrap token " + id + " may not be used for authentication");
    }
    String expiration = decode(data, "expiration");
    if (!expiration.isEmpty()) {
      try {
        if (!Instant.parse(expiration).isAfter(clock.instant())) throw new AuthenticationException("bootstrap token " + id + " has expired");
      } catch (DateTimeParseException e) {
        throw new AuthenticationException("bootstrap token " + id + " has an unreadable expiration");
      }
    }
    List<String> groups = new ArrayList<>(List.of("system:bootstrappers"));
    for (String g : decode(data, "auth-extra-groups").split(",")) {
      g = g.trim();
      if (g.isEmpty()) continue;
      if (!g.startsWith("system:bootstrappers:")) throw new AuthenticationException("bootstrap token " + id + ": invalid extra group " + g);
      groups.add(g);
    }
    return Optional.of(new UserInfo("system:bootstrap:" + id, "", groups));
  }

  private static String decode(JsonNode data, String key) {
    JsonNode v = data.get(key);
    if (v == null || !v.isString()) return "";
    try {
      return new String(Base64.getDecoder().decode(v.asString()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
