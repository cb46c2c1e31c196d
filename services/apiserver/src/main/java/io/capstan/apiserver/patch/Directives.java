package io.capstan.apiserver.patch;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The directives of a strategic merge patch, and how a patch fragment reads where nothing is
 * merged into it. Every key starting with {@code $} is a directive; one this server does not know
 * is a 400, as is a {@code $patch} value other than replace, delete or merge.
 */
final class Directives {
  static final String PATCH = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String SET_ELEMENT_ORDER = "$setElementOrder";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

  static final String REPLACE = "replace";
  static final String DELETE = "delete";
  static final String MERGE = "merge";

  private Directives() {}

  /** The {@code $patch} value of {@code map}, or null when it has none. */
  static String patchDirective(JsonNode map) {
    JsonNode d = map.get(PATCH);
    if (d == null) return null;
    if (d.isString()) {
      String v = d.stringValue();
      if (v.equals(REPLACE) || v.equals(DELETE) || v.equals(MERGE)) return v;
    }
    throw ApiException.badRequest("unknown patch type: " + show(d) + " in map: " + show(map));
  }

  /** The list a {@code $setElementOrder/<list>} or {@code $deleteFromPrimitiveList/<list>} key names. */
  static String target(String key, String prefix, String formatError) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix) || slash == key.length() - 1) {
      throw ApiException.badRequest(formatError);
    }
    return key.substring(slash + 1);
  }

  /** Keys that are directives this server understands, in any map of a patch. */
  static boolean known(String key) {
    return key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)
        || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
  }

  static ApiException unknown(String key) {
    return ApiException.badRequest("unknown directive " + key + " in the strategic merge patch; "
        + "known: $patch, $retainKeys, $setElementOrder/<list>, $deleteFromPrimitiveList/<list>");
  }

  /**
   * The value a patch fragment stands for where there is nothing to merge into (a new field, a
   * replaced list or map): null fields dropped, directive keys dropped, a map marked
   * {@code $patch: delete} gone (null is returned), {@code replace}/{@code merge} maps taken as
   * written. In a list, an element carrying {@code $patch} is an instruction, never content.
   * Upstream's removeDirectives and discardNullValuesFromPatch, except that a new map marked
   * {@code $patch: replace} keeps its content instead of vanishing, and that an unknown directive
   * is a 400 here too, where upstream would store it as a field.
   */
  static JsonNode materialize(JsonNode value) {
    if (value.isObject()) {
      String d = patchDirective(value);
      if (DELETE.equals(d)) return null;
      ObjectNode out = Json.object();
      for (String name : value.propertyNames()) {
        JsonNode v = value.get(name);
        if (name.startsWith("$")) {
          if (known(name)) continue;
          throw unknown(name);
        }
        if (v.isNull()) continue;
        JsonNode m = materialize(v);
        if (m != null) out.set(name, m);
      }
      return out;
    }
    if (value.isArray()) return materializeElements(value);
    return value;
  }

  /** A list as content: instruction elements ({@code $patch} markers) dropped, the rest materialized. */
  static ArrayNode materializeElements(JsonNode list) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode e : list) {
      if (e.isObject() && patchDirective(e) != null) continue;
      JsonNode m = e.isNull() ? e : materialize(e);
      if (m != null) out.add(m);
    }
    return out;
  }

  static String show(JsonNode n) {
    String s = Json.MAPPER.writeValueAsString(n);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
