package io.capstan.apiserver.registry;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The opaque {@code continue} value of a paged list, shaped like Kubernetes' own
 * ({@code {"v":"meta.k8s.io/v1","rv":R,"start":"<key after prefix>"}}, base64): every page of one
 * list is read at the same revision R.
 */
public record ContinueToken(long revision, String startKeySuffix) {

  public String encode() {
    ObjectNode n = Json.object();
    n.put("v", "meta.k8s.io/v1");
    n.put("rv", revision);
    n.put("start", startKeySuffix);
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Json.MAPPER.writeValueAsBytes(n));
  }

  public static ContinueToken decode(String token) {
    try {
      JsonNode n = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (!"meta.k8s.io/v1".equals(n.path("v").asString()) || !n.has("rv") || !n.has("start")) {
        throw new IllegalArgumentException("unknown token version");
      }
      String start = n.get("start").asString();
      if (start.contains("..") || start.startsWith("/")) throw new IllegalArgumentException("bad start key");
      return new ContinueToken(n.get("rv").asLong(), start);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
    }
  }
}
