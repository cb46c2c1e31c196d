package io.capstan.apiserver.patch;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;

/** Element-level steps of merging lists: type checks, set union and difference, lookup by merge key. */
final class ListMerge {
  private ListMerge() {}

  static List<JsonNode> elements(JsonNode list) {
    List<JsonNode> out = new ArrayList<>(list.size());
    list.forEach(out::add);
    return out;
  }

  /**
   * Whether the elements of the given lists (null for an absent list) are maps. They must all be
   * of one JSON type, and not lists (upstream's sliceElementType).
   */
  static boolean mapsIn(JsonNode... lists) {
    JsonNodeType type = null;
    for (JsonNode list : lists) {
      if (list == null) continue;
      for (JsonNode e : list) {
        if (e.isArray()) throw ApiException.badRequest("lists of lists are not supported");
        if (type == null) type = e.getNodeType();
        else if (type != e.getNodeType()) {
          throw ApiException.badRequest("list element types are not identical: " + Directives.show(list));
        }
      }
    }
    return type == JsonNodeType.OBJECT;
  }

  /** Set union, first occurrence kept (a duplicate already on the server collapses too, as upstream). */
  static List<JsonNode> union(JsonNode original, JsonNode patch) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode list : new JsonNode[] {original, patch}) {
      for (JsonNode e : list) {
        if (ListOrder.indexOf(out, e) < 0) out.add(e);
      }
    }
    return out;
  }

  /** {@code original} without any value in {@code values}: every copy of it goes. */
  static ArrayNode without(JsonNode original, JsonNode values) {
    List<JsonNode> drop = elements(values);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode e : original) {
      if (ListOrder.indexOf(drop, e) < 0) out.add(e);
    }
    return out;
  }

  /** Every map whose merge key has {@code key}'s value removed. */
  static List<JsonNode> withoutKey(List<JsonNode> maps, String mergeKey, JsonNode key) {
    List<JsonNode> out = new ArrayList<>(maps.size());
    for (int i = 0; i < maps.size(); i++) {
      if (!matches(maps.get(i), i, mergeKey, key)) out.add(maps.get(i));
    }
    return out;
  }

  static int indexOfKey(List<JsonNode> maps, String mergeKey, JsonNode key) {
    for (int i = 0; i < maps.size(); i++) {
      if (matches(maps.get(i), i, mergeKey, key)) return i;
    }
    return -1;
  }

  private static boolean matches(JsonNode e, int index, String mergeKey, JsonNode key) {
    if (!e.isObject()) throw ApiException.badRequest("value for key " + index + " is not a map");
    JsonNode v = e.get(mergeKey);
    return v != null && ListOrder.same(v, key);
  }

  /**
   * A {@code $setElementOrder} list must name the patch list's elements in the same relative
   * order; elements to delete and other {@code $patch} elements are not ordered (upstream's
   * validatePatchWithSetOrderList). Without a merge key, elements compare whole.
   */
  static void checkOrder(JsonNode patchList, JsonNode order, String mergeKey) {
    if (patchList == null || patchList.isEmpty() || order.isEmpty()) return;
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode e : patchList) {
      if (!e.isObject() || Directives.patchDirective(e) == null) items.add(e);
    }
    int p = 0;
    int s = 0;
    while (p < items.size() && s < order.size()) {
      if (ListOrder.same(ListOrder.identity(items.get(p), mergeKey), ListOrder.identity(order.get(s), mergeKey))) p++;
      s++;
    }
    if (p < items.size()) {
      throw ApiException.badRequest("invalid patch format of setElementOrder list: the order in patch list "
          + Directives.show(patchList) + " doesn't match $setElementOrder list " + Directives.show(order));
    }
  }
}
