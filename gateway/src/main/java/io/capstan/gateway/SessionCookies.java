package io.capstan.gateway;

import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cookie values only the gateway can have written: {@code base64url(json).base64url(HMAC-SHA256)}
 * with an {@code exp} inside. The gateway keeps no session store, so any replica holding the same
 * key accepts them; a value that was altered, signed with another key or has expired is worth
 * nothing. The content is signed, not encrypted — it holds nothing secret (a user name, groups,
 * and a login's one-time state).
 */
public final class SessionCookies {
  private final SecretKeySpec key;
  private final Clock clock;

  public SessionCookies(byte[] key, Clock clock) {
    if (key.length < 32) throw new IllegalArgumentException("the session key needs at least 32 bytes");
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.clock = clock;
  }

  /** {@code content} sealed until {@code expires}. */
  public String seal(ObjectNode content, Instant expires) {
    ObjectNode copy = content.deepCopy();
    copy.put("exp", expires.getEpochSecond());
    String body = b64(Json.MAPPER.writeValueAsString(copy).getBytes(StandardCharsets.UTF_8));
    return body + "." + b64(mac(body));
  }

  /** The content of a value this gateway sealed and that has not expired; empty otherwise. */
  public Optional<JsonNode> open(String value) {
    if (value == null) return Optional.empty();
    int dot = value.indexOf('.');
    if (dot <= 0) return Optional.empty();
    String body = value.substring(0, dot);
    byte[] given;
    JsonNode content;
    try {
      given = Base64.getUrlDecoder().decode(value.substring(dot + 1));
      if (!MessageDigest.isEqual(mac(body), given)) return Optional.empty();
      content = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JacksonException e) {
      return Optional.empty();
    }
    if (!content.path("exp").isNumber() || content.path("exp").asLong() <= clock.instant().getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(content);
  }

  private byte[] mac(String body) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
