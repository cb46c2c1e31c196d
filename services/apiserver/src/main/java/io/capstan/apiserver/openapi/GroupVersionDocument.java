package io.capstan.apiserver.openapi;

import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Assembles one {@code /openapi/v3/<group-version>} document: paths for every served resource of
 * the group-version, and every component schema they reach, with the kinds tagged by
 * {@code x-kubernetes-group-version-kind} (kubectl explain and validation find a kind by it).
 */
final class GroupVersionDocument {
  private static final String REF = "#/components/schemas/";

  /** One served resource with the names of its kind and list schemas. */
  record Resource(ResourceType type, String kindSchema, String listSchema) {}

  private GroupVersionDocument() {}

  /**
   * @param resources the group-version's resources
   * @param schemas every schema by name (built-in and custom), kinds already carrying their gvk
   */
  static ObjectNode build(List<Resource> resources, Function<String, ObjectNode> schemas) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "unversioned");
    ObjectNode paths = doc.putObject("paths");
    Map<String, JsonNode> components = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(ResourcePaths.STATUS);
    todo.add(ResourcePaths.DELETE_OPTIONS);
    todo.add(ResourcePaths.PATCH);
    for (Resource r : resources) {
      new ResourcePaths(r.type(), r.kindSchema(), r.listSchema()).addTo(paths);
      todo.add(r.kindSchema());
      todo.add(r.listSchema());
      if (r.type().subresources().contains("scale")) todo.add(ResourcePaths.SCALE);
    }
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (components.containsKey(name)) continue;
      ObjectNode s = schemas.apply(name);
      if (s == null) continue;
      components.put(name, s);
      collectRefs(s, todo);
    }
    ObjectNode c = doc.putObject("components");
    ObjectNode out = c.putObject("schemas");
    components.forEach(out::set);
    c.putObject("securitySchemes").putObject("BearerToken").put("description", "Bearer Token authentication")
        .put("in", "header").put("name", "authorization").put("type", "apiKey");
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  private static void collectRefs(JsonNode n, Deque<String> todo) {
    if (n.isObject()) {
      JsonNode ref = n.get("$ref");
      if (ref != null && ref.isString() && ref.asString().startsWith(REF)) todo.add(ref.asString().substring(REF.length()));
      for (JsonNode child : n) collectRefs(child, todo);
    } else if (n.isArray()) {
      for (JsonNode child : n) collectRefs(child, todo);
    }
  }

  /** A copy of a kind's schema tagged with its group-version-kind. */
  static ObjectNode withGvk(ObjectNode schema, String group, String version, String kind) {
    ObjectNode copy = schema.deepCopy();
    copy.putArray("x-kubernetes-group-version-kind").addObject()
        .put("group", group).put("kind", kind).put("version", version);
    return copy;
  }

  /** The schema of a served kind Capstan has no Kubernetes schema for: any object. */
  static ObjectNode open(Served s, String kind) {
    ObjectNode schema = Json.object();
    schema.put("type", "object");
    schema.put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode props = schema.putObject("properties");
    props.putObject("apiVersion").put("type", "string");
    props.putObject("kind").put("type", "string");
    props.putObject("metadata").putArray("allOf").addObject()
        .put("$ref", REF + CustomResourceSchemas.OBJECT_META);
    ResourceType t = s.type();
    return withGvk(schema, t.group(), t.version(), kind);
  }
}
