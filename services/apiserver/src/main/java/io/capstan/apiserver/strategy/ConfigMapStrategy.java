package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ConfigMap: valid keys, 1 MiB in all, and {@code immutable: true} freezing its data. */
public final class ConfigMapStrategy implements ResourceStrategy {

  /** Kubernetes' {@code MaxSecretSize}, also the ConfigMap limit. */
  static final int MAX_SIZE = 1024 * 1024;
  static final String IMMUTABLE_MSG = "field is immutable when `immutable` is set";

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode data = obj.path("data");
    JsonNode binary = obj.path("binaryData");
    long total = 0;
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      String path = "data[" + e.getKey() + "]";
      for (String msg : FieldRules.configMapKey(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), msg));
      if (binary.has(e.getKey())) {
        errs.add(FieldError.invalid(path, e.getKey(), "duplicate of key present in binaryData"));
      }
      total += LabelValidation.byteLength(e.getValue().asString(""));
    }
    for (Map.Entry<String, JsonNode> e : binary.properties()) {
      for (String msg : FieldRules.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid("binaryData[" + e.getKey() + "]", e.getKey(), msg));
      }
      total += decodedLength(e.getValue().asString(""));
    }
    // Upstream reports the size of the whole object on the empty path, which prints as "[]".
    if (total > MAX_SIZE) errs.add(FieldError.tooLong("[]", MAX_SIZE));
    return errs;
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = new ArrayList<>();
    if (old.path("immutable").asBoolean(false)) {
      if (!obj.path("immutable").asBoolean(false)) errs.add(FieldError.forbidden("immutable", IMMUTABLE_MSG));
      if (!sameMap(obj.get("data"), old.get("data"))) errs.add(FieldError.forbidden("data", IMMUTABLE_MSG));
      if (!sameMap(obj.get("binaryData"), old.get("binaryData"))) {
        errs.add(FieldError.forbidden("binaryData", IMMUTABLE_MSG));
      }
    }
    errs.addAll(validate(obj));
    return errs;
  }

  /** Equal maps, where absent, null and {} are the same (Go's nil and empty map after decoding). */
  static boolean sameMap(JsonNode a, JsonNode b) {
    boolean aEmpty = a == null || a.isNull() || a.isEmpty();
    boolean bEmpty = b == null || b.isNull() || b.isEmpty();
    if (aEmpty || bEmpty) return aEmpty && bEmpty;
    return Defaulting.sameJson(a, b);
  }

  static long decodedLength(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }
}
