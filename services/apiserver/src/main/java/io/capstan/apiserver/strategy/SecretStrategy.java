package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 Secret: type Opaque by default, write-only {@code stringData} folded into {@code data}
 * (as the v1 → internal conversion does), {@code ValidateSecret(Update)} with the per-type keys.
 */
public final class SecretStrategy implements ResourceStrategy {

  private static final String REDACTED = "<secret contents redacted>";

  @Override
  public void applyDefaults(ObjectNode obj) {
    Defaulting.stringIfBlank(obj, "type", "Opaque");
    JsonNode stringData = obj.get("stringData");
    if (stringData != null && stringData.isObject() && !stringData.isEmpty()) {
      ObjectNode data = Defaulting.child(obj, "data");
      for (Map.Entry<String, JsonNode> e : stringData.properties()) {
        data.put(e.getKey(), Base64.getEncoder().encodeToString(
            e.getValue().asString("").getBytes(StandardCharsets.UTF_8)));
      }
    }
    obj.remove("stringData");
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode data = obj.path("data");
    long total = 0;
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      String path = "data[" + e.getKey() + "]";
      for (String msg : FieldRules.configMapKey(e.getKey())) errs.add(FieldError.invalid(path, e.getKey(), msg));
      byte[] bytes = decode(e.getValue());
      if (bytes == null) {
        errs.add(FieldError.invalid(path, REDACTED, "illegal base64 data"));
      } else {
        total += bytes.length;
      }
    }
    if (total > ConfigMapStrategy.MAX_SIZE) errs.add(FieldError.tooLong("data", ConfigMapStrategy.MAX_SIZE));
    String type = obj.path("type").asString("");
    switch (type) {
      case "kubernetes.io/service-account-token" -> {
        String sa = obj.path("metadata").path("annotations").path("kubernetes.io/service-account.name").asString("");
        if (sa.isEmpty()) {
          errs.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]"));
        }
      }
      case "kubernetes.io/dockercfg" -> requireJson(data, ".dockercfg", errs);
      case "kubernetes.io/dockerconfigjson" -> requireJson(data, ".dockerconfigjson", errs);
      case "kubernetes.io/basic-auth" -> {
        if (!data.has("username") && !data.has("password")) {
          errs.add(FieldError.required("data[username]"));
          errs.add(FieldError.required("data[password]"));
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        byte[] key = decode(data.get("ssh-privatekey"));
        if (key == null || key.length == 0) errs.add(FieldError.required("data[ssh-privatekey]"));
      }
      case "kubernetes.io/tls" -> {
        if (!data.has("tls.crt")) errs.add(FieldError.required("data[tls.crt]"));
        if (!data.has("tls.key")) errs.add(FieldError.required("data[tls.key]"));
      }
      default -> { }
    }
    return errs;
  }

  private static void requireJson(JsonNode data, String key, List<Cause> errs) {
    byte[] bytes = decode(data.get(key));
    if (!data.has(key) || bytes == null) {
      errs.add(FieldError.required("data[" + key + "]"));
      return;
    }
    try {
      JsonNode parsed = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (parsed == null || !parsed.isObject()) {
        errs.add(FieldError.invalid("data[" + key + "]", REDACTED,
            "json: cannot unmarshal " + goJsonType(parsed) + " into Go value of type map[string]interface {}"));
      }
    } catch (RuntimeException e) {
      errs.add(FieldError.invalid("data[" + key + "]", REDACTED, "invalid JSON"));
    }
  }

  private static String goJsonType(JsonNode n) {
    if (n == null || n.isMissingNode()) return "value";
    if (n.isArray()) return "array";
    if (n.isString()) return "string";
    if (n.isNumber()) return "number";
    if (n.isBoolean()) return "bool";
    return "value";
  }

  private static byte[] decode(JsonNode v) {
    if (v == null || v.isNull()) return null;
    try {
      return Base64.getDecoder().decode(v.asString(""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = new ArrayList<>();
    WorkloadValidation.immutable(obj.get("type"), old.get("type"), "type", errs);
    if (old.path("immutable").asBoolean(false)) {
      if (!obj.path("immutable").asBoolean(false)) {
        errs.add(FieldError.forbidden("immutable", ConfigMapStrategy.IMMUTABLE_MSG));
      }
      if (!ConfigMapStrategy.sameMap(obj.get("data"), old.get("data"))) {
        errs.add(FieldError.forbidden("data", ConfigMapStrategy.IMMUTABLE_MSG));
      }
    }
    errs.addAll(validate(obj));
    return errs;
  }
}
