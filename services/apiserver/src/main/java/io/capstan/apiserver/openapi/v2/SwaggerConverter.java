package io.capstan.apiserver.openapi.v2;

import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the per-group-version OpenAPI v3 documents into the one Swagger 2.0 document Kubernetes
 * serves at {@code /openapi/v2}: {@code components.schemas} become {@code definitions} (references
 * rewritten to {@code #/definitions/}, {@code allOf: [{$ref}]} wrappers folded into a plain
 * {@code $ref}), request bodies become {@code in: body} parameters with {@code consumes}, response
 * contents become a response {@code schema} with {@code produces}, and parameter schemas are
 * flattened onto the parameter.
 *
 * <p>Schemas are also cut down the way Kubernetes publishes CRD schemas in v2 (apiextensions'
 * {@code ToStructuralOpenAPIV2}), because kubectl's v2 model parser ({@code kube-openapi
 * pkg/util/proto}) rejects the whole document on one schema it cannot read: no {@code oneOf},
 * {@code anyOf} or {@code not}; a nullable schema loses its type, items and properties; a schema
 * preserving unknown fields loses its items and properties; an array without exactly one item
 * schema loses its type; a {@code $ref} carries no type or properties. Built-in {@code oneOf}
 * scalars (IntOrString, Quantity) become {@code type: string}, as Kubernetes' v2 has them.
 */
public final class SwaggerConverter {
  static final String V3_SCHEMAS = "#/components/schemas/";
  static final String V3_PARAMETERS = "#/components/parameters/";
  static final String V3_RESPONSES = "#/components/responses/";
  static final String DEFINITIONS = "#/definitions/";
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");
  private static final Set<String> PRIMITIVES = Set.of("string", "integer", "number", "boolean");
  private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");
  /** Schema keywords v2 has with the same name and meaning as v3 (3.0). */
  private static final List<String> SCHEMA_COPIED = List.of("format", "title", "description", "default",
      "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
      "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "enum", "readOnly",
      "xml", "externalDocs", "example");
  /** What a {@code $ref} schema keeps beside the reference (Kubernetes' v2 has description and default). */
  private static final List<String> REF_COPIED = List.of("description", "default", "readOnly");
  /** Parameter schema keywords a v2 non-body parameter carries itself. */
  private static final List<String> PARAMETER_SCHEMA = List.of("type", "format", "items", "collectionFormat",
      "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
      "maxItems", "minItems", "uniqueItems", "enum", "multipleOf");

  private SwaggerConverter() {}

  /**
   * The Swagger 2.0 document of all {@code documents}. Paths and definitions are merged (the first
   * document naming one wins) and sorted; every reference resolves: a definition no document has
   * is published as an open object rather than failing every client's parse.
   *
   * @param documents OpenAPI v3 documents (each with {@code paths} and {@code components.schemas})
   * @param version the {@code info.version} ("v1.32.9")
   */
  public static ObjectNode convert(Iterable<? extends JsonNode> documents, String version) {
    Map<String, JsonNode> paths = new TreeMap<>();
    Map<String, JsonNode> definitions = new TreeMap<>();
    for (JsonNode doc : documents) {
      for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
        if (!paths.containsKey(p.getKey()) && p.getValue().isObject()) paths.put(p.getKey(), pathItem(p.getValue()));
      }
      for (Map.Entry<String, JsonNode> s : doc.path("components").path("schemas").properties()) {
        if (!definitions.containsKey(s.getKey())) definitions.put(s.getKey(), schema(s.getValue()));
      }
    }
    Set<String> refs = new TreeSet<>();
    paths.values().forEach(p -> collectRefs(p, refs));
    definitions.values().forEach(d -> collectRefs(d, refs));
    for (String missing : refs) {
      if (!definitions.containsKey(missing)) {
        ObjectNode open = Json.object();
        open.put("type", "object");
        open.put("x-kubernetes-preserve-unknown-fields", true);
        definitions.put(missing, open);
      }
    }

    ObjectNode out = Json.object();
    out.put("swagger", "2.0");
    out.putObject("info").put("title", "Kubernetes").put("version", version);
    ObjectNode p = out.putObject("paths");
    paths.forEach(p::set);
    ObjectNode d = out.putObject("definitions");
    definitions.forEach(d::set);
    out.putObject("securityDefinitions").putObject("BearerToken")
        .put("description", "Bearer Token authentication").put("in", "header").put("name", "authorization")
        .put("type", "apiKey");
    out.putArray("security").addObject().putArray("BearerToken");
    return out;
  }

  /** A v3 path item as a v2 one. */
  static ObjectNode pathItem(JsonNode in) {
    ObjectNode out = Json.object();
    for (String method : METHODS) {
      JsonNode op = in.get(method);
      if (op != null && op.isObject()) out.set(method, operation(op));
    }
    JsonNode params = in.get("parameters");
    if (params != null && params.isArray()) {
      ArrayNode ps = out.putArray("parameters");
      for (JsonNode param : params) ps.add(parameter(param));
    }
    copyExtensions(in, out);
    return out;
  }

  static ObjectNode operation(JsonNode in) {
    ObjectNode out = Json.object();
    copy(in, out, "tags", "summary", "description", "externalDocs", "operationId");
    ArrayNode params = JsonNodeFactory.instance.arrayNode();
    JsonNode body = in.get("requestBody");
    if (body != null && body.isObject()) {
      Set<String> consumes = new LinkedHashSet<>(body.path("content").propertyNames());
      if (!consumes.isEmpty()) {
        ArrayNode c = out.putArray("consumes");
        consumes.forEach(c::add);
      }
      ObjectNode bp = params.addObject();
      if (body.hasNonNull("description")) bp.set("description", body.get("description"));
      bp.put("in", "body").put("name", "body");
      if (body.path("required").asBoolean(false)) bp.put("required", true);
      JsonNode s = firstSchema(body.path("content"));
      bp.set("schema", s == null ? Json.object() : schema(s));
    }
    for (JsonNode param : in.path("parameters")) params.add(parameter(param));
    Set<String> produces = new LinkedHashSet<>();
    JsonNode responses = in.get("responses");
    if (responses != null && responses.isObject()) {
      for (JsonNode r : responses) produces.addAll(r.path("content").propertyNames());
    }
    if (!produces.isEmpty()) {
      ArrayNode p = out.putArray("produces");
      produces.forEach(p::add);
    }
    if (!params.isEmpty()) out.set("parameters", params);
    if (responses != null && responses.isObject()) {
      ObjectNode rs = out.putObject("responses");
      for (Map.Entry<String, JsonNode> r : responses.properties()) {
        if (r.getKey().startsWith("x-")) rs.set(r.getKey(), r.getValue());
        else rs.set(r.getKey(), response(r.getValue()));
      }
    }
    out.putArray("schemes").add("https");
    copy(in, out, "deprecated", "security");
    copyExtensions(in, out);
    return out;
  }

  private static ObjectNode response(JsonNode in) {
    ObjectNode out = Json.object();
    JsonNode ref = in.get("$ref");
    if (ref != null && ref.isString()) {
      out.put("$ref", rewrite(ref.asString()));
      return out;
    }
    out.put("description", in.path("description").asString(""));
    JsonNode s = firstSchema(in.path("content"));
    if (s != null) out.set("schema", schema(s));
    copyExtensions(in, out);
    return out;
  }

  /** A v3 parameter (schema nested) as a v2 non-body parameter (schema keywords on the parameter). */
  static ObjectNode parameter(JsonNode in) {
    ObjectNode out = Json.object();
    JsonNode ref = in.get("$ref");
    if (ref != null && ref.isString()) {
      out.put("$ref", rewrite(ref.asString()));
      return out;
    }
    copy(in, out, "description", "in", "name", "required", "allowEmptyValue");
    JsonNode s = in.get("schema");
    if (s != null && s.isObject()) {
      for (String k : PARAMETER_SCHEMA) {
        JsonNode v = s.get(k);
        if (v == null) continue;
        if (k.equals("items")) out.set(k, parameterItems(v));
        else out.set(k, v);
      }
    }
    if (!out.has("type")) out.put("type", "string");
    copyExtensions(in, out);
    return out;
  }

  private static JsonNode parameterItems(JsonNode items) {
    if (!items.isObject()) return Json.object().put("type", "string");
    ObjectNode out = Json.object();
    for (String k : PARAMETER_SCHEMA) {
      JsonNode v = items.get(k);
      if (v != null) out.set(k, k.equals("items") ? parameterItems(v) : v);
    }
    if (!out.has("type")) out.put("type", "string");
    return out;
  }

  /** A v3 schema as a v2 schema kubectl's model parser accepts (see the class comment). */
  static ObjectNode schema(JsonNode in) {
    ObjectNode out = Json.object();
    if (in == null || !in.isObject()) return out;
    JsonNode ref = in.get("$ref");
    JsonNode allOf = in.get("allOf");
    if ((ref == null || !ref.isString()) && allOf != null && allOf.isArray() && allOf.size() == 1
        && allOf.get(0).path("$ref").isString()) {
      ref = allOf.get(0).get("$ref");
      allOf = null;
    }
    if (ref != null && ref.isString()) {
      out.put("$ref", rewrite(ref.asString()));
      copy(in, out, REF_COPIED.toArray(String[]::new));
      copyExtensions(in, out);
      return out;
    }

    boolean nullable = in.path("nullable").asBoolean(false);
    boolean preserve = in.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    String type = in.path("type").isString() ? in.get("type").asString() : null;
    if (type == null && in.path("oneOf").isArray() && primitiveAlternatives(in.get("oneOf"))) type = "string";

    for (String k : SCHEMA_COPIED) {
      JsonNode v = in.get(k);
      if (v != null) out.set(k, v);
    }
    if (!nullable && !preserve) {
      JsonNode props = in.get("properties");
      if (props != null && props.isObject()) {
        ObjectNode p = out.putObject("properties");
        for (Map.Entry<String, JsonNode> e : props.properties()) p.set(e.getKey(), schema(e.getValue()));
      }
      JsonNode items = in.get("items");
      if (items != null && items.isObject()) {
        out.set("items", schema(items));
      } else if (items != null && items.isArray() && items.size() == 1) {
        out.set("items", schema(items.get(0)));
      }
    }
    JsonNode additional = in.get("additionalProperties");
    if (additional != null && additional.isBoolean()) out.set("additionalProperties", additional);
    else if (additional != null && additional.isObject()) out.set("additionalProperties", schema(additional));
    if (allOf != null && allOf.isArray()) {
      ArrayNode a = out.putArray("allOf");
      for (JsonNode s : allOf) a.add(schema(s));
    }
    JsonNode required = in.get("required");
    if (required != null && required.isArray()) {
      ArrayNode r = out.putArray("required");
      for (JsonNode name : required) {
        if (!in.path("properties").path(name.asString("")).path("nullable").asBoolean(false)) r.add(name);
      }
      if (r.isEmpty()) out.remove("required");
    }

    if (nullable || (type != null && !TYPES.contains(type))) type = null;
    if ("array".equals(type) && !out.has("items")) type = null;
    if (type != null) out.put("type", type);
    copyExtensions(in, out);
    return out;
  }

  private static boolean primitiveAlternatives(JsonNode oneOf) {
    boolean string = false;
    for (JsonNode alt : oneOf) {
      String t = alt.path("type").asString("");
      if (!PRIMITIVES.contains(t)) return false;
      string |= t.equals("string");
    }
    return string;
  }

  private static JsonNode firstSchema(JsonNode content) {
    for (JsonNode media : content) {
      JsonNode s = media.get("schema");
      if (s != null && s.isObject()) return s;
    }
    return null;
  }

  static String rewrite(String ref) {
    if (ref.startsWith(V3_SCHEMAS)) return DEFINITIONS + ref.substring(V3_SCHEMAS.length());
    if (ref.startsWith(V3_PARAMETERS)) return "#/parameters/" + ref.substring(V3_PARAMETERS.length());
    if (ref.startsWith(V3_RESPONSES)) return "#/responses/" + ref.substring(V3_RESPONSES.length());
    return ref;
  }

  private static void collectRefs(JsonNode n, Set<String> refs) {
    collectRefs(n, refs, false);
  }

  /** @param names whether {@code n} maps names to schemas ({@code properties}), so no key is data */
  private static void collectRefs(JsonNode n, Set<String> refs, boolean names) {
    if (n.isObject()) {
      JsonNode ref = n.get("$ref");
      if (!names && ref != null && ref.isString() && ref.asString().startsWith(DEFINITIONS)) {
        refs.add(ref.asString().substring(DEFINITIONS.length()));
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        String k = e.getKey();
        // Enum values, defaults, examples and extensions are data, not schemas.
        if (names || !(k.startsWith("x-") || k.equals("enum") || k.equals("default") || k.equals("example"))) {
          collectRefs(e.getValue(), refs, !names && (k.equals("properties") || k.equals("definitions")
              || k.equals("paths") || k.equals("responses")));
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) collectRefs(c, refs, false);
    }
  }

  private static void copy(JsonNode in, ObjectNode out, String... keys) {
    for (String k : keys) {
      JsonNode v = in.get(k);
      if (v != null) out.set(k, v);
    }
  }

  private static void copyExtensions(JsonNode in, ObjectNode out) {
    List<String> names = new ArrayList<>();
    for (String k : in.propertyNames()) if (k.startsWith("x-")) names.add(k);
    for (String k : names) out.set(k, in.get(k));
  }
}
