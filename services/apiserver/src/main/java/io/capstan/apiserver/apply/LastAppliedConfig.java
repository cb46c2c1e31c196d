package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.GoText;
import io.capstan.apiserver.apply.typed.Comparison;
import io.capstan.apiserver.apply.typed.SchemaType;
import io.capstan.apiserver.apply.typed.Typed;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge between client-side and server-side apply for the manager {@code kubectl}
 * (upstream's {@code lastAppliedManager} and {@code lastAppliedUpdater}): fields kubectl applied
 * client-side, per the annotation, may be taken over without conflict, and the annotation is kept
 * up to date so a later client-side apply still works.
 */
final class LastAppliedConfig {
  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
  static final String KUBECTL = "kubectl";
  private static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

  private LastAppliedConfig() {}

  /**
   * The fields the annotation records and the live object still holds at the recorded values;
   * null when there is no usable annotation (missing, unparsable, or of another API version).
   */
  static FieldSet takeOverAllowed(JsonNode live, String apiVersion, SchemaType type) {
    String text = annotation(live);
    if (text == null || text.isEmpty()) return null;
    JsonNode lastApplied;
    try {
      lastApplied = Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      return null;
    }
    if (lastApplied == null || !lastApplied.isObject()) return null;
    if (!apiVersion.equals(Json.text(lastApplied, "apiVersion"))) return null;
    if (!Typed.validate(lastApplied, type).isEmpty()) return null;
    FieldSet recorded = Typed.toFieldSet(lastApplied, type);
    Comparison drift = Typed.compare(lastApplied, live, type);
    return recorded.difference(drift.modified()).difference(drift.added()).difference(drift.removed());
  }

  /** Rewrites the annotation, when the object has one, to the configuration just applied. */
  static void sync(ObjectNode merged, ObjectNode applied) {
    String current = annotation(merged);
    if (current == null || current.isEmpty()) return;
    ObjectNode annotations = (ObjectNode) merged.get("metadata").get("annotations");
    annotations.put(ANNOTATION, build(applied));
    if (size(annotations) > MAX_ANNOTATIONS_BYTES) annotations.remove(ANNOTATION);
  }

  /** The configuration as kubectl writes it: Go JSON with sorted keys and a newline, without the annotation. */
  static String build(ObjectNode applied) {
    ObjectNode copy = applied.deepCopy();
    if (Json.at(copy, "metadata.annotations") instanceof ObjectNode a) a.remove(ANNOTATION);
    return GoText.json(copy, true) + "\n";
  }

  private static String annotation(JsonNode object) {
    JsonNode annotations = Json.at(object, "metadata.annotations");
    if (annotations == null || !annotations.isObject()) return null;
    JsonNode v = annotations.get(ANNOTATION);
    return v != null && v.isString() ? v.stringValue() : null;
  }

  private static int size(ObjectNode annotations) {
    int n = 0;
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      n += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      n += e.getValue().asString("").getBytes(StandardCharsets.UTF_8).length;
    }
    return n;
  }
}
