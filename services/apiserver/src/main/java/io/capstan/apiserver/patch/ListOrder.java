package io.capstan.apiserver.patch;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The order of a merged list, as upstream's normalizeElementOrder gives it: elements the patch
 * names come in the patch's order (or in {@code $setElementOrder}'s), elements only the server
 * has keep the server's order, and the two interleave so that a server-only element stays ahead
 * of a patch element it preceded on the server. A new element therefore lands before the
 * server-only ones unless an ordering directive says otherwise.
 *
 * <p>Elements are matched by identity: the merge key's value in a list of maps with a merge key,
 * the whole element otherwise.
 */
final class ListOrder {
  private ListOrder() {}

  /**
   * {@code merged} arranged: elements whose identity occurs in {@code order} follow {@code order};
   * the rest follow {@code serverOrder}.
   */
  static ArrayNode arrange(List<JsonNode> merged, List<JsonNode> order, List<JsonNode> serverOrder,
      String mergeKey) {
    List<JsonNode> orderIds = identities(order, mergeKey);
    List<JsonNode> serverIds = identities(serverOrder, mergeKey);
    List<JsonNode> named = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode e : merged) {
      (indexOf(orderIds, identity(e, mergeKey)) >= 0 ? named : serverOnly).add(e);
    }
    sortBy(named, orderIds, mergeKey);
    sortBy(serverOnly, serverIds, mergeKey);

    ArrayNode out = Json.MAPPER.createArrayNode();
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() && j < named.size()) {
      int left = indexOf(serverIds, identity(serverOnly.get(i), mergeKey));
      int right = indexOf(serverIds, identity(named.get(j), mergeKey));
      // A patch element the server does not have goes first: it has no place to compare.
      if (left >= 0 && right >= 0 && left < right) out.add(serverOnly.get(i++));
      else out.add(named.get(j++));
    }
    while (i < serverOnly.size()) out.add(serverOnly.get(i++));
    while (j < named.size()) out.add(named.get(j++));
    return out;
  }

  /** Go's {@code ==} on decoded JSON, except that numbers compare by value (1 matches 1.0). */
  static boolean same(JsonNode a, JsonNode b) {
    boolean aNull = a == null || a.isNull();
    boolean bNull = b == null || b.isNull();
    if (aNull || bNull) return aNull && bNull;
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return a.equals(b);
  }

  /** The element's identity: its merge key's value, or the element itself when there is no merge key. */
  static JsonNode identity(JsonNode e, String mergeKey) {
    if (mergeKey.isEmpty()) return e;
    if (!e.isObject()) {
      throw ApiException.badRequest("expected a map in a list merged by " + mergeKey + ", but received "
          + Directives.show(e));
    }
    JsonNode v = e.get(mergeKey);
    if (v == null) throw noMergeKey(e, mergeKey);
    return v;
  }

  static ApiException noMergeKey(JsonNode map, String mergeKey) {
    return ApiException.badRequest("map: " + Directives.show(map) + " does not contain declared merge key: "
        + mergeKey);
  }

  static int indexOf(List<JsonNode> identities, JsonNode id) {
    for (int i = 0; i < identities.size(); i++) {
      if (same(identities.get(i), id)) return i;
    }
    return -1;
  }

  private static List<JsonNode> identities(List<JsonNode> elements, String mergeKey) {
    List<JsonNode> ids = new ArrayList<>(elements.size());
    for (JsonNode e : elements) ids.add(identity(e, mergeKey));
    return ids;
  }

  /** Stable; elements absent from {@code ids} keep their relative place at the end. */
  private static void sortBy(List<JsonNode> elements, List<JsonNode> ids, String mergeKey) {
    elements.sort(Comparator.comparingInt(e -> {
      int i = indexOf(ids, identity(e, mergeKey));
      return i < 0 ? Integer.MAX_VALUE : i;
    }));
  }
}
