package io.capstan.apiserver.openapi;

import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 schemas Kubernetes publishes for one served version of a CRD (apiextensions'
 * {@code controller/openapi/builder}): the version's {@code openAPIV3Schema} with apiVersion, kind
 * and an ObjectMeta reference added at the root and in embedded resources, int-or-string fields
 * unfolded to {@code anyOf}, and a list schema beside it.
 */
final class CustomResourceSchemas {
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  private static final String METADATA_DOC = "Standard object's metadata. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
  private static final String LIST_METADATA_DOC = "Standard list metadata. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

  private CustomResourceSchemas() {}

  /** Reverse-domain schema name: stable.example.com/v1 CronTab → com.example.stable.v1.CronTab. */
  static String name(String group, String version, String kind) {
    String[] parts = group.split("\\.");
    StringBuilder sb = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) sb.append(parts[i]).append('.');
    return sb.append(version).append('.').append(kind).toString();
  }

  /** The openAPIV3Schema of one version of a CRD (per version, or the CRD-wide one), or null. */
  static JsonNode versionSchema(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (version.equals(v.path("name").asString())) {
        JsonNode s = v.path("schema").path("openAPIV3Schema");
        if (s.isObject()) return s;
      }
    }
    JsonNode s = crd.path("spec").path("validation").path("openAPIV3Schema");
    return s.isObject() ? s : null;
  }

  /** The custom resource's schema, tagged with its group-version-kind. */
  static ObjectNode kind(JsonNode openApiV3Schema, String group, String version, String kind) {
    ObjectNode s;
    if (openApiV3Schema == null) {
      // Without a schema Kubernetes publishes a bare object: listing properties would make
      // clients treat everything else as unknown.
      s = Json.object().put("type", "object");
    } else {
      s = (ObjectNode) openApiV3Schema.deepCopy();
      unfold(s);
      ObjectNode props = Json.objectAt(s, "properties");
      props.set("metadata", ref(OBJECT_META, METADATA_DOC));
      addTypeMeta(props, null, null);
      s.set("properties", sortFields(props));
    }
    gvk(s, group, version, kind);
    return s;
  }

  static ObjectNode list(String kindSchemaName, String group, String version, String kind, String listKind,
      String plural) {
    ObjectNode s = Json.object();
    s.put("description", listKind + " is a list of " + kind);
    ObjectNode props = s.putObject("properties");
    addTypeMeta(props, null, null);
    ObjectNode items = props.putObject("items");
    items.put("description", "List of " + plural
        + ". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
    items.putObject("items").put("$ref", "#/components/schemas/" + kindSchemaName);
    items.put("type", "array");
    props.set("metadata", ref(LIST_META, LIST_METADATA_DOC));
    s.set("properties", sortFields(props));
    s.putArray("required").add("items");
    s.put("type", "object");
    gvk(s, group, version, listKind);
    return s;
  }

  private static void gvk(ObjectNode s, String group, String version, String kind) {
    s.putArray("x-kubernetes-group-version-kind").addObject()
        .put("group", group).put("kind", kind).put("version", version);
  }

  private static ObjectNode ref(String schema, String description) {
    ObjectNode n = Json.object();
    n.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + schema);
    n.put("description", description);
    return n;
  }

  /** TypeMeta's apiVersion and kind, with Kubernetes' descriptions unless others are given. */
  private static void addTypeMeta(ObjectNode props, String apiVersionDoc, String kindDoc) {
    JsonNode typeMeta = KubeSchemas.get().schema("io.k8s.apimachinery.pkg.apis.meta.v1.Status")
        .map(st -> st.path("properties")).orElse(Json.object());
    ObjectNode apiVersion = typeMeta.path("apiVersion").isObject()
        ? ((ObjectNode) typeMeta.get("apiVersion")).deepCopy() : Json.object().put("type", "string");
    ObjectNode kind = typeMeta.path("kind").isObject()
        ? ((ObjectNode) typeMeta.get("kind")).deepCopy() : Json.object().put("type", "string");
    if (apiVersionDoc != null) apiVersion.put("description", apiVersionDoc);
    if (kindDoc != null) kind.put("description", kindDoc);
    props.set("apiVersion", apiVersion);
    props.set("kind", kind);
  }

  /**
   * Structural-schema unfolding as Kubernetes publishes it: int-or-string gains
   * {@code anyOf: [integer, string]}, and embedded resources gain apiVersion, kind and metadata.
   */
  private static void unfold(ObjectNode s) {
    JsonNode props = s.get("properties");
    if (props instanceof ObjectNode p) p.forEach(v -> { if (v instanceof ObjectNode o) unfold(o); });
    if (s.get("items") instanceof ObjectNode items) unfold(items);
    if (s.get("additionalProperties") instanceof ObjectNode ap) unfold(ap);
    if (s.path("x-kubernetes-int-or-string").asBoolean(false) && !s.has("anyOf") && !s.has("allOf")) {
      ArrayNode anyOf = s.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (s.path("x-kubernetes-embedded-resource").asBoolean(false)) {
      ObjectNode p = Json.objectAt(s, "properties");
      addTypeMeta(p,
          "apiVersion defines the versioned schema of this representation of an object. More info: "
              + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
          "kind is a string value representing the type of this object. In CamelCase. More info: "
              + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds");
      p.set("metadata", ref(OBJECT_META, METADATA_DOC));
      ArrayNode required = s.has("required") && s.get("required").isArray()
          ? (ArrayNode) s.get("required") : s.putArray("required");
      if (!contains(required, "kind")) required.add("kind");
      if (!contains(required, "apiVersion")) required.add("apiVersion");
    }
  }

  private static boolean contains(ArrayNode arr, String value) {
    for (JsonNode n : arr) if (value.equals(n.asString())) return true;
    return false;
  }

  private static ObjectNode sortFields(ObjectNode props) {
    ObjectNode sorted = Json.object();
    java.util.List<String> names = new java.util.ArrayList<>(props.propertyNames());
    java.util.Collections.sort(names);
    for (String n : names) sorted.set(n, props.get(n));
    return sorted;
  }
}
