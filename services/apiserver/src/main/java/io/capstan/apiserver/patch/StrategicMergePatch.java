package io.capstan.apiserver.patch;

import static io.capstan.apiserver.patch.Directives.DELETE;
import static io.capstan.apiserver.patch.Directives.DELETE_FROM_PRIMITIVE_LIST;
import static io.capstan.apiserver.patch.Directives.MERGE;
import static io.capstan.apiserver.patch.Directives.PATCH;
import static io.capstan.apiserver.patch.Directives.REPLACE;
import static io.capstan.apiserver.patch.Directives.RETAIN_KEYS;
import static io.capstan.apiserver.patch.Directives.SET_ELEMENT_ORDER;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge patch as the API server applies it
 * ({@code k8s.io/apimachinery/pkg/util/strategicpatch}, {@code StrategicMergeMapPatch}).
 *
 * <p>Maps merge key by key and {@code null} deletes. A list merges only where the schema gives
 * it {@code x-kubernetes-patch-strategy: merge}: lists of maps by their
 * {@code x-kubernetes-patch-merge-key} (matched elements merge, new ones are added), lists of
 * primitives as a set union; every other list is replaced. Directives: {@code $patch}
 * (replace/delete on a map or, as a list element, replace the list / delete the element with that
 * key), {@code $retainKeys}, {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>}.
 *
 * <p>A patch the engine cannot apply is a 400 {@link ApiException}; neither argument is modified.
 * Lists of maps merged without a merge key in the schema (an untyped schema) are replaced, never
 * refused, so a kind whose schema is not served yet still patches as JSON merge patch would.
 */
public final class StrategicMergePatch {
  private final SchemaLookup schemas;

  public StrategicMergePatch(SchemaLookup schemas) {
    this.schemas = schemas;
  }

  /**
   * The patched object.
   *
   * @param rootSchema the kind's schema from {@link SchemaLookup#root}; an empty object patches
   *     untyped (no list merges)
   */
  public ObjectNode apply(ObjectNode original, ObjectNode patch, JsonNode rootSchema) {
    return mergeMap(original.deepCopy(), patch.deepCopy(), PatchSchema.of(schemas, rootSchema));
  }

  /** Merges {@code patch} into {@code original}, both owned by the caller and modified. */
  private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
    String directive = Directives.patchDirective(patch);
    if (REPLACE.equals(directive)) {
      patch.remove(PATCH);
      return (ObjectNode) Directives.materialize(patch);
    }
    // Upstream answers an empty map here, not an absent field (its "delete map from nested map" case).
    if (DELETE.equals(directive)) return Json.object();
    // The default a map has anyway. Upstream refuses the marker here (a 500 on its server).
    if (MERGE.equals(directive)) patch.remove(PATCH);

    retainKeys(original, patch);
    applyElementOrders(original, patch, schema);

    for (String key : new ArrayList<>(patch.propertyNames())) {
      JsonNode value = patch.get(key);
      if (key.startsWith("$")) {
        if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) throw Directives.unknown(key);
        deleteFromPrimitiveList(original, key, value, schema);
        continue;
      }
      if (value.isNull()) {
        original.remove(key);
        continue;
      }
      JsonNode current = original.get(key);
      if (current == null || !value.isContainer() || current.getNodeType() != value.getNodeType()) {
        set(original, key, Directives.materialize(value));
        continue;
      }
      PatchSchema.Field field = schema.field(key);
      if (value.isObject()) {
        original.set(key, field.replaces() ? Directives.materialize(value)
            : mergeMap((ObjectNode) current, (ObjectNode) value, field.schema()));
      } else {
        original.set(key, field.merges()
            ? mergeList((ArrayNode) current, (ArrayNode) value, field.elements(), field.mergeKey(), false)
            : Directives.materializeElements(value));
      }
    }
    return original;
  }

  private static void set(ObjectNode map, String key, JsonNode value) {
    if (value == null) map.remove(key);
    else map.set(key, value);
  }

  /**
   * {@code $retainKeys}: the map keeps only the listed keys, and the patch may set no other key
   * (upstream's applyRetainKeysDirective).
   */
  private static void retainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode listed = patch.remove(RETAIN_KEYS);
    if (listed == null) return;
    if (!listed.isArray()) throw ApiException.badRequest("invalid patch format of retainKeys: not a list");
    Set<String> keep = new HashSet<>();
    for (JsonNode k : listed) {
      if (k.isString()) keep.add(k.stringValue());
    }
    for (String key : patch.propertyNames()) {
      if (patch.get(key).isNull() || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (!keep.contains(key)) {
        throw ApiException.badRequest("invalid patch format of retainKeys: " + key + " is set but not retained");
      }
    }
    for (String key : new ArrayList<>(original.propertyNames())) {
      if (!keep.contains(key)) original.remove(key);
    }
  }

  /**
   * Every {@code $setElementOrder/<list>} with its list: merged (or taken) as usual, then ordered
   * as the directive says (upstream's mergePatchIntoOriginal). The list leaves the patch.
   */
  private void applyElementOrders(ObjectNode original, ObjectNode patch, PatchSchema schema) {
    for (String key : new ArrayList<>(patch.propertyNames())) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
      String formatError = "invalid patch format of setElementOrder list: " + key;
      String listKey = Directives.target(key, SET_ELEMENT_ORDER, formatError);
      JsonNode order = patch.remove(key);
      JsonNode current = original.get(listKey);
      JsonNode patchList = patch.get(listKey);
      if (!order.isArray() || (current != null && !current.isArray()) || (patchList != null && !patchList.isArray())) {
        throw ApiException.badRequest(formatError + " (it and the list it orders must be lists)");
      }
      PatchSchema.Field field = schema.field(listKey);
      boolean maps = ListMerge.mapsIn(current, patchList);
      String mergeKey = maps ? field.mergeKey() : "";
      // Maps without a merge key (an untyped list) have nothing to be ordered by; upstream crashes there.
      if (!maps || !mergeKey.isEmpty()) ListMerge.checkOrder(patchList, order, mergeKey);

      JsonNode merged;
      if (patchList == null) {
        if (current == null) continue;
        merged = current;
      } else if (current != null && field.merges()) {
        merged = mergeList((ArrayNode) current, (ArrayNode) patchList, field.elements(), field.mergeKey(), false);
      } else {
        merged = Directives.materializeElements(patchList);
      }
      List<JsonNode> serverOrder = current == null ? List.of() : ListMerge.elements(current);
      original.set(listKey, ListOrder.arrange(ListMerge.elements(merged), ListMerge.elements(order), serverOrder,
          mergeKey));
      patch.remove(listKey);
    }
  }

  /** {@code $deleteFromPrimitiveList/<list>}: those values leave the list. */
  private void deleteFromPrimitiveList(ObjectNode original, String key, JsonNode values, PatchSchema schema) {
    String formatError = "invalid patch format of primitive list: " + key;
    String listKey = Directives.target(key, DELETE_FROM_PRIMITIVE_LIST, formatError);
    if (!values.isArray()) throw ApiException.badRequest(formatError + " (the values to delete must be a list)");
    JsonNode current = original.get(listKey);
    if (current == null || !current.isArray()) return;
    PatchSchema.Field field = schema.field(listKey);
    original.set(listKey, mergeList((ArrayNode) current, (ArrayNode) values, field.elements(), field.mergeKey(), true));
  }

  /** A list with the merge strategy (upstream's mergeSlice); {@code deletions} for the parallel delete list. */
  private ArrayNode mergeList(ArrayNode original, ArrayNode patch, PatchSchema elements, String mergeKey,
      boolean deletions) {
    if (original.isEmpty() && patch.isEmpty()) return original;
    if (!ListMerge.mapsIn(original, patch)) {
      if (deletions) return ListMerge.without(original, patch);
      return ListOrder.arrange(ListMerge.union(original, patch), ListMerge.elements(patch),
          ListMerge.elements(original), "");
    }
    if (mergeKey.isEmpty()) {
      throw ApiException.badRequest("cannot merge lists without merge key for " + elements.name());
    }

    List<JsonNode> base = ListMerge.elements(original);
    ArrayNode items = Json.MAPPER.createArrayNode();
    boolean replace = false;
    for (JsonNode item : patch) {
      String directive = Directives.patchDirective(item);
      if (directive == null) {
        items.add(item);
      } else if (directive.equals(DELETE)) {
        JsonNode key = item.get(mergeKey);
        if (key == null) throw ListOrder.noMergeKey(item, mergeKey);
        base = ListMerge.withoutKey(base, mergeKey, key);
      } else if (directive.equals(REPLACE)) {
        replace = true; // the other elements are the whole list; its other $patch elements are void
      } else {
        throw ApiException.badRequest("merging lists cannot yet be specified in the patch");
      }
    }
    if (replace) return Directives.materializeElements(items);

    List<JsonNode> serverOrder = List.copyOf(base);
    List<JsonNode> merged = new ArrayList<>(base);
    for (JsonNode item : items) {
      JsonNode key = ListOrder.identity(item, mergeKey);
      int at = ListMerge.indexOfKey(merged, mergeKey, key);
      if (at >= 0) merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, elements));
      else merged.add(Directives.materialize(item));
    }
    return ListOrder.arrange(merged, ListMerge.elements(items), serverOrder, mergeKey);
  }
}
