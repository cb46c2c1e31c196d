package io.capstan.apiserver.openapi;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /openapi/v3} index and one document per served group-version, rebuilt when the
 * served set changes. Each kind has a schema tagged with its group-version-kind and a PATCH
 * operation offering {@code fieldValidation}, which tells kubectl the server validates fields, so
 * {@code kubectl create -f} and {@code apply} work. Schemas are open (any properties) until the
 * full Kubernetes schemas are served.
 */
@Component
public class OpenApiDocuments implements SchemaLookup {
  private final ResourceCatalog catalog;
  private volatile Map<String, ObjectNode> byGroupVersion;
  private volatile Map<String, String> hashes;

  public OpenApiDocuments(ResourceCatalog catalog) {
    this.catalog = catalog;
    catalog.onChange(this::rebuild);
    rebuild();
  }

  /** Index path of a group-version: "api/v1" or "apis/apps/v1". */
  static String pathOf(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  public ObjectNode index() {
    ObjectNode idx = Json.object();
    ObjectNode paths = idx.putObject("paths");
    for (Map.Entry<String, String> e : hashes.entrySet()) {
      paths.putObject(e.getKey()).put("serverRelativeURL", "/openapi/v3/" + e.getKey() + "?hash=" + e.getValue());
    }
    return idx;
  }

  public Optional<ObjectNode> document(String groupVersionPath) {
    return Optional.ofNullable(byGroupVersion.get(groupVersionPath));
  }

  @Override
  public Optional<JsonNode> root(String apiVersion, String kind) {
    String gv = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
    ObjectNode doc = byGroupVersion.get(gv);
    if (doc == null) return Optional.empty();
    for (JsonNode schema : doc.path("components").path("schemas")) {
      for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
        if (kind.equals(gvk.path("kind").asString())) return Optional.of(schema);
      }
    }
    return Optional.empty();
  }

  @Override
  public JsonNode resolve(JsonNode schema) {
    return schema == null ? Json.object() : schema;
  }

  private synchronized void rebuild() {
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    for (Served s : catalog.all()) {
      ResourceType t = s.type();
      ObjectNode doc = docs.computeIfAbsent(pathOf(t), k -> newDocument(t));
      addKind(doc, t);
    }
    Map<String, String> h = new LinkedHashMap<>();
    docs.forEach((k, v) -> h.put(k, hash(Json.MAPPER.writeValueAsBytes(v))));
    byGroupVersion = docs;
    hashes = h;
  }

  private static ObjectNode newDocument(ResourceType t) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.4");
    doc.putObject("paths");
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static void addKind(ObjectNode doc, ResourceType t) {
    String schemaName = schemaName(t);
    ObjectNode schema = ((ObjectNode) doc.get("components").get("schemas")).putObject(schemaName);
    schema.put("type", "object");
    schema.put("description", t.kind() + " (" + t.apiVersion() + ")");
    schema.put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode props = schema.putObject("properties");
    props.putObject("apiVersion").put("type", "string");
    props.putObject("kind").put("type", "string");
    props.putObject("metadata").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    gvk(schema.putArray("x-kubernetes-group-version-kind"), t);

    String base = "/" + pathOf(t) + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural() + "/{name}";
    ObjectNode item = ((ObjectNode) doc.get("paths")).putObject(base);
    ObjectNode patch = item.putObject("patch");
    patch.put("operationId", "patch" + t.kind());
    ObjectNode ext = patch.putObject("x-kubernetes-group-version-kind");
    ext.put("group", t.group()).put("version", t.version()).put("kind", t.kind());
    patch.put("x-kubernetes-action", "patch");
    ArrayNode params = patch.putArray("parameters");
    for (String p : new String[] {"dryRun", "fieldManager", "fieldValidation", "force"}) {
      ObjectNode param = params.addObject();
      param.put("name", p).put("in", "query");
      param.putObject("schema").put("type", p.equals("force") ? "boolean" : "string");
    }
    ObjectNode ok = patch.putObject("responses").putObject("200");
    ok.put("description", "OK");
    ok.putObject("content").putObject("application/json").putObject("schema")
        .put("$ref", "#/components/schemas/" + schemaName);
  }

  private static void gvk(ArrayNode arr, ResourceType t) {
    arr.addObject().put("group", t.group()).put("version", t.version()).put("kind", t.kind());
  }

  /** Kubernetes' schema names, reversed-domain: io.k8s.api.apps.v1.Deployment; CRs keep their group. */
  static String schemaName(ResourceType t) {
    String g = t.group().isEmpty() ? "core" : t.group().replace(".k8s.io", "");
    return "io.k8s.api." + g + "." + t.version() + "." + t.kind();
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32).toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
