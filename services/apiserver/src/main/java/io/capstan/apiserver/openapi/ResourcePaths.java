package io.capstan.apiserver.openapi;

import io.capstan.apiserver.resource.BuiltinResources;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code paths} Kubernetes publishes for one resource: collection (list, create,
 * deletecollection), item (read, replace, patch, delete), the all-namespaces list, and the status
 * and scale subresources. Operation ids, {@code x-kubernetes-action} and
 * {@code x-kubernetes-group-version-kind} follow Kubernetes' naming; kubectl reads the PATCH
 * operation's {@code fieldValidation} parameter to decide that the server validates fields.
 */
final class ResourcePaths {
  private static final String REF = "#/components/schemas/";
  static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
  static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
  private static final String[] PATCH_TYPES = {"application/apply-patch+yaml", "application/json-patch+json",
      "application/merge-patch+json", "application/strategic-merge-patch+json"};

  private final ResourceType t;
  private final String kindSchema;
  private final String listSchema;
  private final String opName;
  private final String gvPath;

  ResourcePaths(ResourceType t, String kindSchema, String listSchema) {
    this.t = t;
    this.kindSchema = kindSchema;
    this.listSchema = listSchema;
    this.opName = camel(t.group()) + camel(t.version());
    this.gvPath = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
  }

  /** "apps" → "Apps", "" → "Core", "rbac.authorization.k8s.io" → "RbacAuthorization". */
  static String camel(String group) {
    if (group.isEmpty()) return "Core";
    String g = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
    StringBuilder sb = new StringBuilder();
    for (String part : g.split("[.-]")) {
      if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }

  void addTo(ObjectNode paths) {
    String ns = t.namespaced() ? "Namespaced" : "";
    String base = gvPath + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
    String tag = (t.group().isEmpty() ? "core" : t.group().replace(".k8s.io", "").replace('.', '_')) + "_"
        + t.version();

    ObjectNode collection = paths.putObject(base);
    ObjectNode list = op(collection, "get", "list" + opName + ns + t.kind(), "list", tag, t.kind(),
        "list or watch objects of kind " + t.kind());
    listParams(params(list));
    responses(list, listSchema, "200");
    ObjectNode create = op(collection, "post", "create" + opName + ns + t.kind(), "post", tag, t.kind(),
        "create " + article(t.kind()));
    writeParams(params(create), false);
    body(create, kindSchema);
    responses(create, kindSchema, "200", "201", "202");
    ObjectNode deleteAll = op(collection, "delete", "delete" + opName + "Collection" + ns + t.kind(),
        "deletecollection", tag, t.kind(), "delete collection of " + t.kind());
    deleteParams(params(deleteAll));
    listParams(params(deleteAll));
    body(deleteAll, DELETE_OPTIONS);
    responses(deleteAll, STATUS, "200");
    pathParams(collection, false);

    ObjectNode item = paths.putObject(base + "/{name}");
    ObjectNode read = op(item, "get", "read" + opName + ns + t.kind(), "get", tag, t.kind(),
        "read the specified " + t.kind());
    responses(read, kindSchema, "200");
    ObjectNode replace = op(item, "put", "replace" + opName + ns + t.kind(), "put", tag, t.kind(),
        "replace the specified " + t.kind());
    writeParams(params(replace), false);
    body(replace, kindSchema);
    responses(replace, kindSchema, "200", "201");
    ObjectNode patch = op(item, "patch", "patch" + opName + ns + t.kind(), "patch", tag, t.kind(),
        "partially update the specified " + t.kind());
    writeParams(params(patch), true);
    patchBody(patch);
    responses(patch, kindSchema, "200", "201");
    ObjectNode delete = op(item, "delete", "delete" + opName + ns + t.kind(), "delete", tag, t.kind(),
        "delete " + article(t.kind()));
    deleteParams(params(delete));
    body(delete, DELETE_OPTIONS);
    responses(delete, STATUS, "200", "202");
    pathParams(item, true);

    if (t.namespaced()) {
      ObjectNode all = paths.putObject(gvPath + "/" + t.plural());
      ObjectNode listAll = op(all, "get", "list" + opName + t.kind() + "ForAllNamespaces", "list", tag, t.kind(),
          "list or watch objects of kind " + t.kind());
      responses(listAll, listSchema, "200");
      listParams(all.putArray("parameters"));
      all.withArray("parameters").add(query("pretty", "string", PRETTY));
    }
    if (t.subresources().contains("status")) subresource(paths, base, "status", "Status", kindSchema, t.group(),
        t.version(), t.kind(), ns, tag);
    if (t.subresources().contains("scale")) subresource(paths, base, "scale", "Scale", SCALE, "autoscaling", "v1",
        "Scale", ns, tag);
  }

  private void subresource(ObjectNode paths, String base, String sub, String suffix, String schema, String group,
      String version, String kind, String ns, String tag) {
    ObjectNode item = paths.putObject(base + "/{name}/" + sub);
    String what = sub + " of the specified " + t.kind();
    ObjectNode read = op(item, "get", "read" + opName + ns + t.kind() + suffix, "get", tag, null, "read " + what);
    gvk(read, group, version, kind);
    responses(read, schema, "200");
    ObjectNode replace = op(item, "put", "replace" + opName + ns + t.kind() + suffix, "put", tag, null,
        "replace " + what);
    gvk(replace, group, version, kind);
    writeParams(params(replace), false);
    body(replace, schema);
    responses(replace, schema, "200", "201");
    ObjectNode patch = op(item, "patch", "patch" + opName + ns + t.kind() + suffix, "patch", tag, null,
        "partially update " + what);
    gvk(patch, group, version, kind);
    writeParams(params(patch), true);
    patchBody(patch);
    responses(patch, schema, "200", "201");
    pathParams(item, true);
  }

  private ObjectNode op(ObjectNode item, String method, String id, String action, String tag, String kind,
      String description) {
    ObjectNode op = item.putObject(method);
    op.put("description", description);
    op.put("operationId", id);
    op.putArray("tags").add(tag);
    op.put("x-kubernetes-action", action);
    if (kind != null) gvk(op, t.group(), t.version(), kind);
    return op;
  }

  private static void gvk(ObjectNode op, String group, String version, String kind) {
    op.putObject("x-kubernetes-group-version-kind").put("group", group).put("kind", kind).put("version", version);
  }

  private static ArrayNode params(ObjectNode op) {
    return op.putArray("parameters");
  }

  private void pathParams(ObjectNode item, boolean withName) {
    ArrayNode p = item.withArray("parameters");
    if (withName) p.add(path("name", "name of the " + t.kind()));
    if (t.namespaced()) p.add(path("namespace", "object name and auth scope, such as for teams and projects"));
    p.add(query("pretty", "string", PRETTY));
  }

  private static ObjectNode path(String name, String description) {
    ObjectNode p = Json.object();
    p.put("description", description).put("in", "path").put("name", name).put("required", true);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
    return p;
  }

  private static ObjectNode query(String name, String type, String description) {
    ObjectNode p = Json.object();
    p.put("description", description).put("in", "query").put("name", name);
    p.putObject("schema").put("type", type).put("uniqueItems", true);
    return p;
  }

  /** dryRun, fieldManager, fieldValidation (and force for PATCH), described as in Kubernetes' options types. */
  private static void writeParams(ArrayNode p, boolean patch) {
    String options = patch ? "PatchOptions" : "CreateOptions";
    p.add(query("dryRun", "string", doc(options, "dryRun")));
    p.add(query("fieldManager", "string", doc(options, "fieldManager")));
    p.add(query("fieldValidation", "string", doc(options, "fieldValidation")));
    if (patch) p.add(query("force", "boolean", doc(options, "force")));
  }

  private static void listParams(ArrayNode p) {
    for (String[] q : new String[][] {{"allowWatchBookmarks", "boolean"}, {"continue", "string"},
        {"fieldSelector", "string"}, {"labelSelector", "string"}, {"limit", "integer"}, {"resourceVersion", "string"},
        {"resourceVersionMatch", "string"}, {"sendInitialEvents", "boolean"}, {"timeoutSeconds", "integer"},
        {"watch", "boolean"}}) {
      p.add(query(q[0], q[1], doc("ListOptions", q[0])));
    }
  }

  private static void deleteParams(ArrayNode p) {
    p.add(query("dryRun", "string", doc("DeleteOptions", "dryRun")));
    p.add(query("gracePeriodSeconds", "integer", doc("DeleteOptions", "gracePeriodSeconds")));
    p.add(query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
        doc("DeleteOptions", "ignoreStoreReadErrorWithClusterBreakingPotential")));
    p.add(query("orphanDependents", "boolean", doc("DeleteOptions", "orphanDependents")));
    p.add(query("propagationPolicy", "string", doc("DeleteOptions", "propagationPolicy")));
  }

  private static String doc(String optionsKind, String field) {
    return KubeSchemas.get().schema("io.k8s.apimachinery.pkg.apis.meta.v1." + optionsKind)
        .map(s -> s.path("properties").path(field).path("description").asString(""))
        .orElse("");
  }

  private static void body(ObjectNode op, String schema) {
    ObjectNode rb = op.putObject("requestBody");
    ObjectNode content = rb.putObject("content");
    content.putObject("*/*").putObject("schema").put("$ref", REF + schema);
    rb.put("required", !schema.equals(DELETE_OPTIONS));
  }

  /** Built-in kinds, the only ones that take strategic merge patch (as upstream). */
  private static final java.util.Set<String> BUILTIN = BuiltinResources.all().stream()
      .map(b -> b.group() + "/" + b.plural()).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private void patchBody(ObjectNode op) {
    ObjectNode rb = op.putObject("requestBody");
    ObjectNode content = rb.putObject("content");
    boolean builtin = BUILTIN.contains(t.group() + "/" + t.plural());
    for (String type : PATCH_TYPES) {
      // kubectl apply picks its patch type from this list: custom resources get merge patch.
      if (!builtin && type.equals("application/strategic-merge-patch+json")) continue;
      content.putObject(type).putObject("schema").put("$ref", REF + PATCH);
    }
    rb.put("required", true);
  }

  private static void responses(ObjectNode op, String schema, String... codes) {
    ObjectNode r = op.putObject("responses");
    for (String code : codes) {
      ObjectNode resp = r.putObject(code);
      ObjectNode content = resp.putObject("content");
      for (String type : new String[] {"application/json", "application/vnd.kubernetes.protobuf",
          "application/yaml"}) {
        content.putObject(type).putObject("schema").put("$ref", REF + schema);
      }
      resp.put("description", switch (code) {
        case "201" -> "Created";
        case "202" -> "Accepted";
        default -> "OK";
      });
    }
    r.putObject("401").put("description", "Unauthorized");
  }

  private static String article(String kind) {
    return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  private static final String PRETTY = "If 'true', then the output is pretty printed. Defaults to 'false' unless the "
      + "user-agent indicates a browser or command-line HTTP tool (curl and wget).";
}
