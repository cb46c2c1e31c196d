package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a DELETE removes the object now or only marks it (deletionTimestamp) so finalizers,
 * the garbage collector, the namespace cleaner or a node agent can finish first.
 */
enum DeletionPlan {
  IMMEDIATE, MARK;

  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";

  static DeletionPlan decide(ResourceType type, ObjectNode current, DeleteOptions options) {
    ObjectNode meta = Json.objectAt(current, "metadata");
    boolean hasFinalizers = !meta.path("finalizers").isEmpty();
    if ("Namespace".equals(type.kind()) && type.group().isEmpty()) {
      boolean specFinalizers = !Json.objectAt(current, "spec").path("finalizers").isEmpty();
      return meta.has("deletionTimestamp") && !hasFinalizers && !specFinalizers ? IMMEDIATE : MARK;
    }
    String policy = options.propagationPolicy();
    if (!meta.has("deletionTimestamp") && ("Foreground".equals(policy) || "Orphan".equals(policy))) return MARK;
    if (hasFinalizers) return MARK;
    if (isPod(type) && Json.text(current, "spec.nodeName") != null) {
      return gracePeriod(current, options) > 0 ? MARK : IMMEDIATE;
    }
    return IMMEDIATE;
  }

  /** Sets the deletion marks on {@code obj} (idempotent: an existing deletionTimestamp stays unless shortened). */
  static void mark(ResourceType type, ObjectNode obj, DeleteOptions options, Instant now) {
    ObjectNode meta = Json.objectAt(obj, "metadata");
    long grace = isPod(type) ? gracePeriod(obj, options) : 0;
    Instant deleteAt = now.plusSeconds(grace);
    JsonNode existing = meta.get("deletionTimestamp");
    if (existing == null || Instant.parse(existing.asString()).isAfter(deleteAt)) {
      meta.put("deletionTimestamp", deleteAt.toString());
      meta.put("deletionGracePeriodSeconds", grace);
    }
    String policy = options.propagationPolicy();
    if ("Foreground".equals(policy)) addFinalizer(meta, FOREGROUND);
    if ("Orphan".equals(policy)) addFinalizer(meta, ORPHAN);
    if ("Namespace".equals(type.kind()) && type.group().isEmpty()) {
      Json.objectAt(obj, "status").put("phase", "Terminating");
    }
  }

  private static long gracePeriod(ObjectNode pod, DeleteOptions options) {
    if (options.gracePeriodSeconds() != null) return Math.max(0, options.gracePeriodSeconds());
    JsonNode spec = pod.path("spec").path("terminationGracePeriodSeconds");
    return spec.isNumber() ? spec.asLong() : 30;
  }

  private static boolean isPod(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("pods");
  }

  private static void addFinalizer(ObjectNode meta, String finalizer) {
    List<String> current = GenericRegistry.strings(meta.get("finalizers"));
    if (current.contains(finalizer)) return;
    JsonNode arr = meta.get("finalizers");
    ArrayNode a = arr instanceof ArrayNode existing ? existing : meta.putArray("finalizers");
    a.add(finalizer);
  }
}
