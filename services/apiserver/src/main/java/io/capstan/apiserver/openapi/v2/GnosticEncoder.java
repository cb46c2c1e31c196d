package io.capstan.apiserver.openapi.v2;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.capstan.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Encodes a Swagger 2.0 document (JSON tree) as the gnostic {@code openapi.v2.Document} protobuf
 * Kubernetes serves for {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}
 * (google/gnostic-models {@code openapiv2/OpenAPIv2.proto}), field by field as gnostic's own
 * JSON-to-protobuf compiler fills the messages: absent and proto3-default scalars are left out,
 * present messages are written even when empty, and every value the schema has no field for
 * ({@code x-*} vendor extensions, {@code default}, {@code enum} and {@code example} values) is a
 * {@code NamedAny}/{@code Any} whose {@code yaml} is the value's JSON text (JSON is YAML, and
 * clients read these with a YAML parser).
 */
public final class GnosticEncoder {
  private GnosticEncoder() {}

  /** The {@code openapi.v2.Document} bytes of a Swagger 2.0 document. */
  public static byte[] encode(JsonNode swagger) {
    return document(swagger).bytes();
  }

  private static Msg document(JsonNode d) {
    Msg m = new Msg();
    m.string(1, d, "swagger");
    if (d.path("info").isObject()) m.message(2, info(d.get("info")));
    m.string(3, d, "host");
    m.string(4, d, "basePath");
    m.strings(5, d, "schemes");
    m.strings(6, d, "consumes");
    m.strings(7, d, "produces");
    if (d.path("paths").isObject()) m.message(8, paths(d.get("paths")));
    if (d.path("definitions").isObject()) m.message(9, namedMap(d.get("definitions"), GnosticEncoder::schema));
    if (d.path("parameters").isObject()) m.message(10, namedMap(d.get("parameters"), GnosticEncoder::parameter));
    if (d.path("responses").isObject()) m.message(11, namedMap(d.get("responses"), GnosticEncoder::response));
    for (JsonNode s : d.path("security")) m.message(12, securityRequirement(s));
    if (d.path("securityDefinitions").isObject()) {
      m.message(13, namedMap(d.get("securityDefinitions"), GnosticEncoder::securityDefinition));
    }
    for (JsonNode t : d.path("tags")) m.message(14, tag(t));
    if (d.path("externalDocs").isObject()) m.message(15, externalDocs(d.get("externalDocs")));
    m.extensions(16, d);
    return m;
  }

  private static Msg info(JsonNode i) {
    Msg m = new Msg();
    m.string(1, i, "title");
    m.string(2, i, "version");
    m.string(3, i, "description");
    m.string(4, i, "termsOfService");
    if (i.path("contact").isObject()) {
      JsonNode c = i.get("contact");
      Msg contact = new Msg();
      contact.string(1, c, "name");
      contact.string(2, c, "url");
      contact.string(3, c, "email");
      contact.extensions(4, c);
      m.message(5, contact);
    }
    if (i.path("license").isObject()) {
      JsonNode l = i.get("license");
      Msg license = new Msg();
      license.string(1, l, "name");
      license.string(2, l, "url");
      license.extensions(3, l);
      m.message(6, license);
    }
    m.extensions(7, i);
    return m;
  }

  private static Msg paths(JsonNode p) {
    Msg m = new Msg();
    m.extensions(1, p);
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      if (e.getKey().startsWith("/")) m.message(2, named(e.getKey(), pathItem(e.getValue())));
    }
    return m;
  }

  private static Msg pathItem(JsonNode p) {
    Msg m = new Msg();
    m.string(1, p, "$ref");
    String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < methods.length; i++) {
      if (p.path(methods[i]).isObject()) m.message(2 + i, operation(p.get(methods[i])));
    }
    for (JsonNode param : p.path("parameters")) m.message(9, parametersItem(param));
    m.extensions(10, p);
    return m;
  }

  private static Msg operation(JsonNode o) {
    Msg m = new Msg();
    m.strings(1, o, "tags");
    m.string(2, o, "summary");
    m.string(3, o, "description");
    if (o.path("externalDocs").isObject()) m.message(4, externalDocs(o.get("externalDocs")));
    m.string(5, o, "operationId");
    m.strings(6, o, "produces");
    m.strings(7, o, "consumes");
    for (JsonNode param : o.path("parameters")) m.message(8, parametersItem(param));
    if (o.path("responses").isObject()) m.message(9, responses(o.get("responses")));
    m.strings(10, o, "schemes");
    m.bool(11, o, "deprecated");
    for (JsonNode s : o.path("security")) m.message(12, securityRequirement(s));
    m.extensions(13, o);
    return m;
  }

  /** ParametersItem: a parameter, or a JsonReference. */
  private static Msg parametersItem(JsonNode p) {
    Msg m = new Msg();
    if (p.path("$ref").isString()) m.message(2, jsonReference(p));
    else m.message(1, parameter(p));
    return m;
  }

  private static Msg jsonReference(JsonNode p) {
    Msg ref = new Msg();
    ref.string(1, p, "$ref");
    ref.string(2, p, "description");
    return ref;
  }

  /** Parameter: a BodyParameter, or a NonBodyParameter by {@code in}. */
  private static Msg parameter(JsonNode p) {
    Msg m = new Msg();
    String in = p.path("in").asString("");
    if (in.equals("body")) {
      Msg body = new Msg();
      body.string(1, p, "description");
      body.string(2, p, "name");
      body.string(3, p, "in");
      body.bool(4, p, "required");
      if (p.path("schema").isObject()) body.message(5, schema(p.get("schema")));
      body.extensions(6, p);
      m.message(1, body);
      return m;
    }
    Msg sub = new Msg();
    int which;
    int first;
    switch (in) {
      case "header" -> { which = 1; first = 5; }
      case "formData" -> { which = 2; first = 6; }
      case "path" -> { which = 4; first = 5; }
      default -> { which = 3; first = 6; }
    }
    sub.bool(1, p, "required");
    sub.string(2, p, "in");
    sub.string(3, p, "description");
    sub.string(4, p, "name");
    if (first == 6) sub.bool(5, p, "allowEmptyValue");
    validations(sub, p, first);
    Msg nonBody = new Msg();
    nonBody.message(which, sub);
    m.message(2, nonBody);
    return m;
  }

  /**
   * The run of fields a non-body parameter and PrimitivesItems share, from {@code type} at
   * {@code first} to the vendor extensions at {@code first + 17}.
   */
  private static void validations(Msg m, JsonNode p, int first) {
    m.string(first, p, "type");
    m.string(first + 1, p, "format");
    if (p.path("items").isObject()) {
      Msg items = new Msg();
      validations(items, p.get("items"), 1);
      m.message(first + 2, items);
    }
    m.string(first + 3, p, "collectionFormat");
    m.any(first + 4, p.get("default"));
    m.number(first + 5, p, "maximum");
    m.bool(first + 6, p, "exclusiveMaximum");
    m.number(first + 7, p, "minimum");
    m.bool(first + 8, p, "exclusiveMinimum");
    m.integer(first + 9, p, "maxLength");
    m.integer(first + 10, p, "minLength");
    m.string(first + 11, p, "pattern");
    m.integer(first + 12, p, "maxItems");
    m.integer(first + 13, p, "minItems");
    m.bool(first + 14, p, "uniqueItems");
    for (JsonNode e : p.path("enum")) m.any(first + 15, e);
    m.number(first + 16, p, "multipleOf");
    m.extensions(first + 17, p);
  }

  private static Msg responses(JsonNode r) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : r.properties()) {
      if (e.getKey().startsWith("x-")) continue;
      Msg value = new Msg();
      if (e.getValue().path("$ref").isString()) value.message(2, jsonReference(e.getValue()));
      else value.message(1, response(e.getValue()));
      m.message(1, named(e.getKey(), value));
    }
    m.extensions(2, r);
    return m;
  }

  private static Msg response(JsonNode r) {
    Msg m = new Msg();
    m.string(1, r, "description");
    if (r.path("schema").isObject()) {
      Msg item = new Msg();
      item.message(1, schema(r.get("schema")));
      m.message(2, item);
    }
    m.extensions(5, r);
    return m;
  }

  static Msg schema(JsonNode s) {
    Msg m = new Msg();
    m.string(1, s, "$ref");
    m.string(2, s, "format");
    m.string(3, s, "title");
    m.string(4, s, "description");
    m.any(5, s.get("default"));
    m.number(6, s, "multipleOf");
    m.number(7, s, "maximum");
    m.bool(8, s, "exclusiveMaximum");
    m.number(9, s, "minimum");
    m.bool(10, s, "exclusiveMinimum");
    m.integer(11, s, "maxLength");
    m.integer(12, s, "minLength");
    m.string(13, s, "pattern");
    m.integer(14, s, "maxItems");
    m.integer(15, s, "minItems");
    m.bool(16, s, "uniqueItems");
    m.integer(17, s, "maxProperties");
    m.integer(18, s, "minProperties");
    m.strings(19, s, "required");
    for (JsonNode e : s.path("enum")) m.any(20, e);
    JsonNode additional = s.get("additionalProperties");
    if (additional != null && (additional.isBoolean() || additional.isObject())) {
      Msg item = new Msg();
      if (additional.isBoolean()) item.oneofBool(2, additional.asBoolean());
      else item.message(1, schema(additional));
      m.message(21, item);
    }
    JsonNode type = s.get("type");
    if (type != null && (type.isString() || type.isArray())) {
      Msg t = new Msg();
      if (type.isString()) t.rawString(1, type.asString());
      else for (JsonNode v : type) t.rawString(1, v.asString(""));
      m.message(22, t);
    }
    JsonNode items = s.get("items");
    if (items != null && (items.isObject() || items.isArray())) {
      Msg it = new Msg();
      if (items.isObject()) it.message(1, schema(items));
      else for (JsonNode i : items) it.message(1, schema(i));
      m.message(23, it);
    }
    for (JsonNode a : s.path("allOf")) m.message(24, schema(a));
    if (s.path("properties").isObject()) m.message(25, namedMap(s.get("properties"), GnosticEncoder::schema));
    m.string(26, s, "discriminator");
    m.bool(27, s, "readOnly");
    if (s.path("xml").isObject()) {
      JsonNode x = s.get("xml");
      Msg xml = new Msg();
      xml.string(1, x, "name");
      xml.string(2, x, "namespace");
      xml.string(3, x, "prefix");
      xml.bool(4, x, "attribute");
      xml.bool(5, x, "wrapped");
      xml.extensions(6, x);
      m.message(28, xml);
    }
    if (s.path("externalDocs").isObject()) m.message(29, externalDocs(s.get("externalDocs")));
    m.any(30, s.get("example"));
    m.extensions(31, s);
    return m;
  }

  private static Msg securityRequirement(JsonNode s) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      Msg values = new Msg();
      for (JsonNode v : e.getValue()) values.rawString(1, v.asString(""));
      m.message(1, named(e.getKey(), values));
    }
    return m;
  }

  /** SecurityDefinitionsItem: basic (1), apiKey (2), oauth2 implicit/password/application/accessCode (3-6). */
  private static Msg securityDefinition(JsonNode s) {
    Msg m = new Msg();
    String type = s.path("type").asString("");
    Msg def = new Msg();
    if (type.equals("basic")) {
      def.string(1, s, "type");
      def.string(2, s, "description");
      def.extensions(3, s);
      m.message(1, def);
    } else if (type.equals("apiKey")) {
      def.string(1, s, "type");
      def.string(2, s, "name");
      def.string(3, s, "in");
      def.string(4, s, "description");
      def.extensions(5, s);
      m.message(2, def);
    } else if (type.equals("oauth2")) {
      String flow = s.path("flow").asString("");
      def.string(1, s, "type");
      def.string(2, s, "flow");
      if (s.path("scopes").isObject()) {
        Msg scopes = new Msg();
        for (Map.Entry<String, JsonNode> e : s.get("scopes").properties()) {
          Msg named = new Msg();
          named.rawString(1, e.getKey());
          named.rawString(2, e.getValue().asString(""));
          scopes.message(1, named);
        }
        def.message(3, scopes);
      }
      switch (flow) {
        case "implicit" -> {
          def.string(4, s, "authorizationUrl");
          def.string(5, s, "description");
          def.extensions(6, s);
          m.message(3, def);
        }
        case "password", "application" -> {
          def.string(4, s, "tokenUrl");
          def.string(5, s, "description");
          def.extensions(6, s);
          m.message(flow.equals("password") ? 4 : 5, def);
        }
        default -> {
          def.string(4, s, "authorizationUrl");
          def.string(5, s, "tokenUrl");
          def.string(6, s, "description");
          def.extensions(7, s);
          m.message(6, def);
        }
      }
    }
    return m;
  }

  private static Msg tag(JsonNode t) {
    Msg m = new Msg();
    m.string(1, t, "name");
    m.string(2, t, "description");
    if (t.path("externalDocs").isObject()) m.message(3, externalDocs(t.get("externalDocs")));
    m.extensions(4, t);
    return m;
  }

  private static Msg externalDocs(JsonNode e) {
    Msg m = new Msg();
    m.string(1, e, "description");
    m.string(2, e, "url");
    m.extensions(3, e);
    return m;
  }

  /** A message of one repeated {@code Named*} field (1): {name = 1, value = 2} per entry. */
  private static Msg namedMap(JsonNode map, java.util.function.Function<JsonNode, Msg> value) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : map.properties()) m.message(1, named(e.getKey(), value.apply(e.getValue())));
    return m;
  }

  private static Msg named(String name, Msg value) {
    Msg m = new Msg();
    m.rawString(1, name);
    m.message(2, value);
    return m;
  }

  /**
   * One message: its fields in the order they are added, kept until the whole tree is built, then
   * sized bottom-up and written once into a single buffer.
   */
  static final class Msg {
    private final List<Integer> numbers = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private int size = -1;

    private void add(int field, Object value) {
      numbers.add(field);
      values.add(value);
    }

    void string(int field, JsonNode node, String key) {
      JsonNode v = node.get(key);
      if (v != null && v.isValueNode() && !v.isNull()) rawString(field, v.asString());
    }

    void rawString(int field, String value) {
      if (!value.isEmpty()) add(field, value);
    }

    void strings(int field, JsonNode node, String key) {
      JsonNode v = node.get(key);
      if (v == null) return;
      // Elements of a repeated string are written even when empty.
      if (v.isArray()) {
        for (JsonNode s : v) if (s.isValueNode()) add(field, s.asString());
      } else if (v.isString()) {
        add(field, v.asString());
      }
    }

    void bool(int field, JsonNode node, String key) {
      if (node.path(key).asBoolean(false)) add(field, Boolean.TRUE);
    }

    /** A bool written even when false (a oneof member). */
    void oneofBool(int field, boolean value) {
      add(field, value);
    }

    void number(int field, JsonNode node, String key) {
      JsonNode v = node.get(key);
      if (v != null && v.isNumber() && v.doubleValue() != 0) add(field, v.doubleValue());
    }

    void integer(int field, JsonNode node, String key) {
      JsonNode v = node.get(key);
      if (v != null && v.isNumber() && v.longValue() != 0) add(field, v.longValue());
    }

    /** An {@code Any} holding {@code value} as YAML (2); nothing when absent. */
    void any(int field, JsonNode value) {
      if (value == null || value.isMissingNode()) return;
      Msg any = new Msg();
      any.rawString(2, yaml(value));
      message(field, any);
    }

    /** The {@code x-*} members of {@code node} as repeated {@code NamedAny}. */
    void extensions(int field, JsonNode node) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getKey().startsWith("x-")) continue;
        Msg any = new Msg();
        any.rawString(2, yaml(e.getValue()));
        message(field, named(e.getKey(), any));
      }
    }

    void message(int field, Msg m) {
      add(field, m);
    }

    int size() {
      if (size >= 0) return size;
      int n = 0;
      for (int i = 0; i < values.size(); i++) {
        int f = numbers.get(i);
        Object v = values.get(i);
        if (v instanceof String s) n += CodedOutputStream.computeStringSize(f, s);
        else if (v instanceof Msg m) n += CodedOutputStream.computeTagSize(f)
            + CodedOutputStream.computeUInt32SizeNoTag(m.size()) + m.size();
        else if (v instanceof Boolean b) n += CodedOutputStream.computeBoolSize(f, b);
        else if (v instanceof Double d) n += CodedOutputStream.computeDoubleSize(f, d);
        else n += CodedOutputStream.computeInt64Size(f, (Long) v);
      }
      size = n;
      return n;
    }

    private void writeTo(CodedOutputStream out) throws IOException {
      for (int i = 0; i < values.size(); i++) {
        int f = numbers.get(i);
        Object v = values.get(i);
        if (v instanceof String s) {
          out.writeString(f, s);
        } else if (v instanceof Msg m) {
          out.writeTag(f, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          out.writeUInt32NoTag(m.size());
          m.writeTo(out);
        } else if (v instanceof Boolean b) {
          out.writeBool(f, b);
        } else if (v instanceof Double d) {
          out.writeDouble(f, d);
        } else {
          out.writeInt64(f, (Long) v);
        }
      }
    }

    byte[] bytes() {
      byte[] result = new byte[size()];
      CodedOutputStream out = CodedOutputStream.newInstance(result);
      try {
        writeTo(out);
        out.checkNoSpaceLeft();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return result;
    }
  }

  /** The YAML text of a value: its compact JSON, plus the newline a YAML encoder ends with. */
  static String yaml(JsonNode value) {
    return Json.MAPPER.writeValueAsString(value) + "\n";
  }
}
