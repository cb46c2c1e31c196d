package io.capstan.apiserver.openapi.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Field numbers as in google/gnostic-models openapiv2/OpenAPIv2.proto. */
class GnosticEncoderTest {

  private static Pb encode(String swagger) {
    return Pb.of(GnosticEncoder.encode(Json.MAPPER.readTree(swagger)));
  }

  private static Pb schema(String json) {
    return encode("{\"definitions\": {\"S\": " + json + "}}").msg(9).named(1).get("S");
  }

  @Test
  void schemaFields() {
    Pb s = schema("""
        {"$ref": "#/definitions/R", "format": "int32", "title": "T", "description": "D", "default": {"a": 1},
         "multipleOf": 2, "maximum": 9.5, "exclusiveMaximum": true, "minimum": -1, "exclusiveMinimum": true,
         "maxLength": 5, "minLength": 1, "pattern": "^a$", "maxItems": 3, "minItems": 1, "uniqueItems": true,
         "maxProperties": 7, "minProperties": 2, "required": ["x", "y"], "enum": ["p", 2],
         "discriminator": "kind", "readOnly": true, "example": "ex", "x-kubernetes-patch-strategy": "merge"}""");
    assertThat(s.str(1)).isEqualTo("#/definitions/R");
    assertThat(s.str(2)).isEqualTo("int32");
    assertThat(s.str(3)).isEqualTo("T");
    assertThat(s.str(4)).isEqualTo("D");
    assertThat(s.msg(5).str(2)).isEqualTo("{\"a\":1}\n");
    assertThat(s.dbl(6)).isEqualTo(2.0);
    assertThat(s.dbl(7)).isEqualTo(9.5);
    assertThat(s.bool(8)).isTrue();
    assertThat(s.dbl(9)).isEqualTo(-1.0);
    assertThat(s.bool(10)).isTrue();
    assertThat(s.varint(11)).isEqualTo(5);
    assertThat(s.varint(12)).isEqualTo(1);
    assertThat(s.str(13)).isEqualTo("^a$");
    assertThat(s.varint(14)).isEqualTo(3);
    assertThat(s.varint(15)).isEqualTo(1);
    assertThat(s.bool(16)).isTrue();
    assertThat(s.varint(17)).isEqualTo(7);
    assertThat(s.varint(18)).isEqualTo(2);
    assertThat(s.strs(19)).containsExactly("x", "y");
    assertThat(s.msgs(20)).extracting(a -> a.str(2)).containsExactly("\"p\"\n", "2\n");
    assertThat(s.str(26)).isEqualTo("kind");
    assertThat(s.bool(27)).isTrue();
    assertThat(s.msg(30).str(2)).isEqualTo("\"ex\"\n");
    assertThat(s.extensions(31)).containsExactly(java.util.Map.entry("x-kubernetes-patch-strategy", "\"merge\"\n"));
  }

  @Test
  void structuredSchemaFields() {
    Pb s = schema("""
        {"type": "object", "additionalProperties": false,
         "properties": {"a": {"type": "array", "items": {"type": "string"}}, "m": {"additionalProperties": {"type": "integer"}}},
         "allOf": [{"$ref": "#/definitions/A"}, {"$ref": "#/definitions/B"}]}""");
    assertThat(s.msg(22).strs(1)).containsExactly("object");
    // additionalProperties: false is a oneof member, written although false.
    assertThat(s.msg(21).has(2)).isTrue();
    assertThat(s.msg(21).bool(2)).isFalse();
    assertThat(s.msgs(24)).extracting(a -> a.str(1)).containsExactly("#/definitions/A", "#/definitions/B");
    Pb a = s.msg(25).named(1).get("a");
    assertThat(a.msg(22).strs(1)).containsExactly("array");
    assertThat(a.msg(23).msgs(1)).hasSize(1);
    assertThat(a.msg(23).msgs(1).get(0).msg(22).strs(1)).containsExactly("string");
    Pb m = s.msg(25).named(1).get("m");
    assertThat(m.msg(21).msg(1).msg(22).strs(1)).containsExactly("integer");
    // An empty properties map is still there (kubectl reads it as an object with no fields).
    assertThat(schema("{\"type\": \"object\", \"properties\": {}}").has(25)).isTrue();
    assertThat(schema("{\"type\": \"object\"}").has(25)).isFalse();
  }

  @Test
  void documentPathsOperationsAndParameters() {
    Pb doc = encode("""
        {"swagger": "2.0", "info": {"title": "Kubernetes", "version": "v1.32.9"}, "host": "h", "basePath": "/b",
         "schemes": ["https"], "consumes": ["c"], "produces": ["p"],
         "paths": {"/x/{name}": {
           "parameters": [{"in": "path", "name": "name", "required": true, "type": "string", "uniqueItems": true},
                          {"$ref": "#/parameters/pretty"}],
           "get": {"operationId": "getX", "x-kubernetes-action": "get"},
           "put": {"operationId": "putX"}, "post": {"operationId": "postX"}, "delete": {"operationId": "delX"},
           "options": {"operationId": "optX"}, "head": {"operationId": "headX"},
           "patch": {"tags": ["t"], "summary": "s", "description": "d", "operationId": "patchX",
             "produces": ["application/json"], "consumes": ["application/merge-patch+json"],
             "parameters": [
               {"in": "body", "name": "body", "required": true, "description": "b", "schema": {"$ref": "#/definitions/P"}},
               {"in": "query", "name": "fieldValidation", "type": "string", "uniqueItems": true, "description": "v"},
               {"in": "query", "name": "ids", "type": "array", "items": {"type": "integer", "format": "int64"},
                "collectionFormat": "multi", "enum": ["a"], "default": "a", "maximum": 4, "minLength": 1},
               {"in": "header", "name": "h", "type": "string"},
               {"in": "formData", "name": "f", "type": "file", "allowEmptyValue": true}],
             "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/X"}},
                           "default": {"$ref": "#/responses/err"}},
             "schemes": ["https"], "deprecated": true, "security": [{"BearerToken": []}],
             "x-kubernetes-group-version-kind": {"group": "", "kind": "X", "version": "v1"}}}},
         "securityDefinitions": {"BearerToken": {"type": "apiKey", "name": "authorization", "in": "header", "description": "B"},
                                 "basic": {"type": "basic"}},
         "security": [{"BearerToken": []}],
         "tags": [{"name": "t", "description": "td"}],
         "x-top": 1}""");
    assertThat(doc.str(1)).isEqualTo("2.0");
    assertThat(doc.msg(2).str(1)).isEqualTo("Kubernetes");
    assertThat(doc.msg(2).str(2)).isEqualTo("v1.32.9");
    assertThat(doc.str(3)).isEqualTo("h");
    assertThat(doc.str(4)).isEqualTo("/b");
    assertThat(doc.strs(5)).containsExactly("https");
    assertThat(doc.strs(6)).containsExactly("c");
    assertThat(doc.strs(7)).containsExactly("p");
    assertThat(doc.msgs(12).get(0).named(1).get("BearerToken").strs(1)).isEmpty();
    Pb apiKey = doc.msg(13).named(1).get("BearerToken").msg(2);
    assertThat(List.of(apiKey.str(1), apiKey.str(2), apiKey.str(3), apiKey.str(4)))
        .containsExactly("apiKey", "authorization", "header", "B");
    assertThat(doc.msg(13).named(1).get("basic").msg(1).str(1)).isEqualTo("basic");
    assertThat(doc.msgs(14).get(0).str(1)).isEqualTo("t");
    assertThat(doc.extensions(16)).containsEntry("x-top", "1\n");

    Pb item = doc.msg(8).named(2).get("/x/{name}");
    assertThat(List.of(item.msg(2).str(5), item.msg(3).str(5), item.msg(4).str(5), item.msg(5).str(5),
        item.msg(6).str(5), item.msg(7).str(5), item.msg(8).str(5)))
        .containsExactly("getX", "putX", "postX", "delX", "optX", "headX", "patchX");
    Pb name = item.msgs(9).get(0).msg(1).msg(2).msg(4);
    assertThat(name.bool(1)).isTrue();
    assertThat(name.str(2)).isEqualTo("path");
    assertThat(name.str(4)).isEqualTo("name");
    assertThat(name.str(5)).isEqualTo("string");
    assertThat(name.bool(19)).isTrue();
    assertThat(item.msgs(9).get(1).msg(2).str(1)).isEqualTo("#/parameters/pretty");
    assertThat(item.msg(2).extensions(13)).containsEntry("x-kubernetes-action", "\"get\"\n");

    Pb patch = item.msg(8);
    assertThat(patch.strs(1)).containsExactly("t");
    assertThat(patch.str(2)).isEqualTo("s");
    assertThat(patch.str(3)).isEqualTo("d");
    assertThat(patch.strs(6)).containsExactly("application/json");
    assertThat(patch.strs(7)).containsExactly("application/merge-patch+json");
    assertThat(patch.strs(10)).containsExactly("https");
    assertThat(patch.bool(11)).isTrue();
    assertThat(patch.msgs(12)).hasSize(1);
    assertThat(patch.extension(13, "x-kubernetes-group-version-kind").path("kind").asString()).isEqualTo("X");
    List<Pb> params = patch.msgs(8);
    Pb body = params.get(0).msg(1).msg(1);
    assertThat(List.of(body.str(1), body.str(2), body.str(3))).containsExactly("b", "body", "body");
    assertThat(body.bool(4)).isTrue();
    assertThat(body.msg(5).str(1)).isEqualTo("#/definitions/P");
    Pb fv = params.get(1).msg(1).msg(2).msg(3);
    assertThat(List.of(fv.str(2), fv.str(3), fv.str(4), fv.str(6))).containsExactly("query", "v", "fieldValidation", "string");
    assertThat(fv.bool(20)).isTrue();
    Pb ids = params.get(2).msg(1).msg(2).msg(3);
    assertThat(ids.str(6)).isEqualTo("array");
    assertThat(ids.msg(8).str(1)).isEqualTo("integer");
    assertThat(ids.msg(8).str(2)).isEqualTo("int64");
    assertThat(ids.str(9)).isEqualTo("multi");
    assertThat(ids.msg(10).str(2)).isEqualTo("\"a\"\n");
    assertThat(ids.dbl(11)).isEqualTo(4.0);
    assertThat(ids.varint(16)).isEqualTo(1);
    assertThat(ids.msgs(21)).hasSize(1);
    assertThat(params.get(3).msg(1).msg(2).msg(1).str(5)).isEqualTo("string");
    Pb form = params.get(4).msg(1).msg(2).msg(2);
    assertThat(form.bool(5)).isTrue();
    assertThat(form.str(6)).isEqualTo("file");
    Pb ok = patch.msg(9).named(1).get("200");
    assertThat(ok.msg(1).str(1)).isEqualTo("OK");
    assertThat(ok.msg(1).msg(2).msg(1).str(1)).isEqualTo("#/definitions/X");
    assertThat(patch.msg(9).named(1).get("default").msg(2).str(1)).isEqualTo("#/responses/err");
  }

  @Test
  void vendorExtensionValuesAreYamlReadableJson() {
    JsonNode v = Json.MAPPER.readTree("{\"s\": \"a \\\"q\\\" é\\n\", \"l\": [{\"group\": \"\"}], \"b\": false}");
    for (var e : v.properties()) {
      String yaml = GnosticEncoder.yaml(e.getValue());
      assertThat(yaml).endsWith("\n");
      assertThat(Json.MAPPER.readTree(yaml)).isEqualTo(e.getValue());
    }
  }
}
