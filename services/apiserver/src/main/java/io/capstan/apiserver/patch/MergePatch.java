package io.capstan.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch, RFC 7386: objects merge key by key, {@code null} removes a key, anything
 * else (arrays included) replaces the target value whole.
 */
public final class MergePatch {
  private MergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) return patch.deepCopy();
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy()
        : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    List<String> names = new ArrayList<>(patch.propertyNames());
    for (String name : names) {
      JsonNode value = patch.get(name);
      if (value.isNull()) {
        result.remove(name);
      } else {
        result.set(name, apply(result.get(name), value));
      }
    }
    return result;
  }
}
