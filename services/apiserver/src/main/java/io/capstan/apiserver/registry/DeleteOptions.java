package io.capstan.apiserver.registry;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;

/** A parsed {@code meta/v1 DeleteOptions}. */
public record DeleteOptions(
    String propagationPolicy, Long gracePeriodSeconds, String preconditionUid,
    String preconditionResourceVersion, boolean dryRun) {

  public static DeleteOptions defaults() {
    return new DeleteOptions(null, null, null, null, false);
  }

  /** Reads the body (may be empty) and the query parameters, which win as in Kubernetes. */
  public static DeleteOptions from(JsonNode body, String propagationParam, String graceParam, boolean dryRunParam) {
    String policy = propagationParam != null ? propagationParam : body == null ? null : Json.text(body, "propagationPolicy");
    if (policy != null && !policy.equals("Orphan") && !policy.equals("Background") && !policy.equals("Foreground")) {
      throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy
          + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
    }
    Long grace = null;
    if (graceParam != null) {
      try {
        grace = Long.parseLong(graceParam);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("gracePeriodSeconds must be an integer, got \"" + graceParam + "\"");
      }
    } else if (body != null && body.hasNonNull("gracePeriodSeconds")) {
      grace = body.get("gracePeriodSeconds").asLong();
    }
    boolean dryRun = dryRunParam;
    if (body != null && body.has("dryRun") && body.get("dryRun").isArray()) {
      for (JsonNode d : body.get("dryRun")) dryRun |= "All".equals(d.asString());
    }
    String uid = body == null ? null : Json.text(body, "preconditions.uid");
    String rv = body == null ? null : Json.text(body, "preconditions.resourceVersion");
    return new DeleteOptions(policy, grace, uid, rv, dryRun);
  }
}
