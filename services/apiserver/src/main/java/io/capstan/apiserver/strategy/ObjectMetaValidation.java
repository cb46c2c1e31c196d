package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation of {@code metadata} shared by every kind (Kubernetes' {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate}), returning every error with upstream's field paths and messages.
 *
 * <p>The registry calls {@link #validateCreate} after it has resolved {@code generateName} and
 * put the request's namespace into {@code metadata.namespace}, and {@link #validateUpdate} after
 * it copied the server-owned fields (uid, creationTimestamp, ...) from the stored object.
 */
public final class ObjectMetaValidation {
  private ObjectMetaValidation() {}

  /** Kubernetes' {@code TotalAnnotationSizeLimitB}. */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
  static final String FIELD_IMMUTABLE = "field is immutable";

  /** Create-time checks for a served resource: its scope and its {@link NameRule}. */
  public static List<Cause> validateCreate(ResourceType type, ObjectNode obj) {
    return validateObjectMeta(obj, type.namespaced(), NameRule.forResource(type.group(), type.plural()));
  }

  /** Update-time checks for a served resource. */
  public static List<Cause> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    return validateObjectMetaUpdate(obj, old);
  }

  public static List<Cause> validateObjectMeta(ObjectNode obj, boolean namespaced, NameRule rule) {
    List<Cause> errs = new ArrayList<>();
    JsonNode meta = obj.path("metadata");
    String generateName = text(meta, "generateName");
    String name = text(meta, "name");
    if (!generateName.isEmpty()) {
      for (String msg : rule.check(generateName, true)) {
        errs.add(FieldError.invalid("metadata.generateName", generateName, msg));
      }
    }
    if (name.isEmpty()) {
      errs.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      for (String msg : rule.check(name, false)) errs.add(FieldError.invalid("metadata.name", name, msg));
    }
    String namespace = text(meta, "namespace");
    if (namespaced) {
      if (namespace.isEmpty()) {
        errs.add(FieldError.required("metadata.namespace"));
      } else {
        for (String msg : LabelValidation.isDNS1123Label(namespace)) {
          errs.add(FieldError.invalid("metadata.namespace", namespace, msg));
        }
      }
    } else if (!namespace.isEmpty()) {
      errs.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
    }
    JsonNode generation = meta.get("generation");
    if (generation != null && generation.isNumber() && generation.asLong() < 0) {
      errs.add(FieldError.invalid("metadata.generation", generation.asLong(), "must be greater than or equal to 0"));
    }
    errs.addAll(validateCommon(meta));
    errs.addAll(validateFinalizers(meta.get("finalizers"), "metadata.finalizers"));
    return errs;
  }

  public static List<Cause> validateObjectMetaUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = new ArrayList<>();
    JsonNode meta = obj.path("metadata");
    JsonNode oldMeta = old.path("metadata");
    if (oldMeta.hasNonNull("deletionTimestamp")) {
      Set<String> added = new java.util.TreeSet<>(strings(meta.get("finalizers")));
      added.removeAll(strings(oldMeta.get("finalizers")));
      if (!added.isEmpty()) {
        StringBuilder go = new StringBuilder("[]string{");
        int i = 0;
        for (String f : added) go.append(i++ > 0 ? ", " : "").append(LabelValidation.quote(f));
        errs.add(FieldError.forbidden("metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers " + go + "}"));
      }
    }
    JsonNode generation = meta.get("generation");
    if (generation != null && generation.isNumber()) {
      long g = generation.asLong();
      if (g < 0) errs.add(FieldError.invalid("metadata.generation", g, "must be greater than or equal to 0"));
      if (g < oldMeta.path("generation").asLong(0)) {
        errs.add(FieldError.invalid("metadata.generation", g, "must not be decremented"));
      }
    }
    immutable(errs, meta, oldMeta, "name", false);
    immutable(errs, meta, oldMeta, "namespace", false);
    // An update that omits uid keeps the stored one (Kubernetes' BeforeUpdate), so only a
    // different uid is an error.
    immutable(errs, meta, oldMeta, "uid", true);
    errs.addAll(validateCommon(meta));
    return errs;
  }

  private static void immutable(List<Cause> errs, JsonNode meta, JsonNode oldMeta, String field, boolean skipAbsent) {
    String now = text(meta, field);
    if (skipAbsent && now.isEmpty()) return;
    if (!Objects.equals(now, text(oldMeta, field))) {
      errs.add(FieldError.invalid("metadata." + field, now, FIELD_IMMUTABLE));
    }
  }

  private static List<Cause> validateCommon(JsonNode meta) {
    List<Cause> errs = new ArrayList<>();
    errs.addAll(validateLabels(meta.get("labels"), "metadata.labels"));
    errs.addAll(validateAnnotations(meta.get("annotations"), "metadata.annotations"));
    errs.addAll(validateOwnerReferences(meta.get("ownerReferences"), "metadata.ownerReferences"));
    return errs;
  }

  /** Kubernetes' {@code ValidateLabels}: every key a qualified name, every value a label value. */
  public static List<Cause> validateLabels(JsonNode labels, String field) {
    List<Cause> errs = new ArrayList<>();
    if (labels == null || !labels.isObject()) return errs;
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      for (String msg : LabelValidation.isQualifiedName(e.getKey())) {
        errs.add(FieldError.invalid(field, e.getKey(), msg));
      }
      String v = e.getValue().isNull() ? "" : e.getValue().asString();
      for (String msg : LabelValidation.isLabelValue(v)) errs.add(FieldError.invalid(field, v, msg));
    }
    return errs;
  }

  /** Kubernetes' {@code ValidateAnnotations}: keys are qualified names (case-insensitive), 256 KiB in all. */
  public static List<Cause> validateAnnotations(JsonNode annotations, String field) {
    List<Cause> errs = new ArrayList<>();
    if (annotations == null || !annotations.isObject()) return errs;
    long total = 0;
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      for (String msg : LabelValidation.isQualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
        errs.add(FieldError.invalid(field, e.getKey(), msg));
      }
      String v = e.getValue().isNull() ? "" : e.getValue().asString();
      total += LabelValidation.byteLength(e.getKey()) + LabelValidation.byteLength(v);
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.add(FieldError.tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT));
    return errs;
  }

  static List<Cause> validateOwnerReferences(JsonNode refs, String field) {
    List<Cause> errs = new ArrayList<>();
    if (refs == null || !refs.isArray()) return errs;
    String firstController = null;
    for (int i = 0; i < refs.size(); i++) {
      JsonNode ref = refs.get(i);
      String path = field + "[" + i + "]";
      String apiVersion = text(ref, "apiVersion");
      if (apiVersion.isEmpty()) {
        errs.add(FieldError.required(path + ".apiVersion", "must not be empty"));
      } else if (!validGroupVersion(apiVersion)) {
        errs.add(FieldError.invalid(path + ".apiVersion", apiVersion, "must be <group>/<version> or <version>"));
      }
      if (text(ref, "kind").isEmpty()) errs.add(FieldError.required(path + ".kind", "must not be empty"));
      if (text(ref, "name").isEmpty()) errs.add(FieldError.required(path + ".name", "must not be empty"));
      if (text(ref, "uid").isEmpty()) errs.add(FieldError.required(path + ".uid", "must not be empty"));
      if (apiVersion.equals("v1") && text(ref, "kind").equals("Event")) {
        errs.add(FieldError.invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
      }
      if (ref.path("controller").asBoolean(false)) {
        String current = text(ref, "kind") + "/" + text(ref, "name");
        if (firstController != null) {
          errs.add(FieldError.invalid(field, refs, "Only one reference can have Controller set to true. Found "
              + "\"true\" in references for " + firstController + " and " + current));
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  private static boolean validGroupVersion(String gv) {
    String[] parts = gv.split("/", -1);
    return switch (parts.length) {
      case 1 -> !parts[0].isEmpty();
      case 2 -> !parts[1].isEmpty();
      default -> false;
    };
  }

  static List<Cause> validateFinalizers(JsonNode finalizers, String field) {
    List<Cause> errs = new ArrayList<>();
    boolean orphan = false;
    boolean foreground = false;
    for (String f : strings(finalizers)) {
      for (String msg : LabelValidation.isQualifiedName(f)) errs.add(FieldError.invalid(field, f, msg));
      orphan |= f.equals("orphan");
      foreground |= f.equals("foregroundDeletion");
    }
    if (orphan && foreground) {
      errs.add(FieldError.invalid(field, finalizers, "finalizer orphan and foregroundDeletion cannot be both set"));
    }
    return errs;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) array.forEach(n -> out.add(n.isNull() ? "" : n.asString()));
    return out;
  }

  static Set<String> stringSet(JsonNode array) {
    return new HashSet<>(strings(array));
  }

  static String text(JsonNode node, String field) {
    JsonNode n = node == null ? null : node.get(field);
    return n == null || n.isNull() || n.isContainer() ? "" : n.asString();
  }
}
