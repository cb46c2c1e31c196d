package io.capstan.model;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON codec every component shares, and null-safe readers for object trees. */
public final class Json {
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Text at a dotted path ("metadata.name"), or null when absent or not a scalar. */
  public static String text(JsonNode node, String dottedPath) {
    JsonNode n = at(node, dottedPath);
    return n == null || n.isNull() || n.isContainer() ? null : n.asString();
  }

  /** The node at a dotted path, or null. Keys containing dots cannot be addressed this way. */
  public static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode cur = node;
    for (String part : dottedPath.split("\\.")) {
      if (cur == null || !cur.isObject()) return null;
      cur = cur.get(part);
    }
    return cur;
  }

  /** The object at {@code field} of {@code parent}, created when missing or not an object. */
  public static ObjectNode objectAt(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n instanceof ObjectNode o) return o;
    return parent.putObject(field);
  }
}
