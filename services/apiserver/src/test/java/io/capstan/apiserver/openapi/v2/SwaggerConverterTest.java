package io.capstan.apiserver.openapi.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SwaggerConverterTest {

  private static JsonNode schema(String v3) {
    return SwaggerConverter.schema(Json.MAPPER.readTree(v3));
  }

  @Test
  void allOfWrapperBecomesARefKeepingDescriptionDefaultAndExtensions() {
    assertThat(schema("""
        {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"}], "default": {},
         "description": "The strategy.", "x-kubernetes-patch-strategy": "retainKeys"}""").toString())
        .isEqualTo("{\"$ref\":\"#/definitions/io.k8s.api.apps.v1.DeploymentStrategy\",\"description\":"
            + "\"The strategy.\",\"default\":{},\"x-kubernetes-patch-strategy\":\"retainKeys\"}");
    // kubectl rejects a $ref with a type or properties beside it.
    assertThat(schema("{\"$ref\": \"#/components/schemas/X\", \"type\": \"object\", \"properties\": {}}").toString())
        .isEqualTo("{\"$ref\":\"#/definitions/X\"}");
  }

  @Test
  void nestedSchemasAreConverted() {
    JsonNode s = schema("""
        {"type": "object", "required": ["a"], "properties": {
          "a": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/A"}], "default": {}},
                "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]},
          "m": {"type": "object", "additionalProperties": {"allOf": [{"$ref": "#/components/schemas/B"}]}},
          "f": {"type": "object", "additionalProperties": false},
          "e": {"type": "string", "enum": ["X", "Y"], "default": "X", "format": "byte", "maxLength": 3}}}""");
    assertThat(s.path("required").toString()).isEqualTo("[\"a\"]");
    assertThat(s.at("/properties/a/items/$ref").asString()).isEqualTo("#/definitions/A");
    assertThat(s.at("/properties/a/x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
    assertThat(s.at("/properties/m/additionalProperties/$ref").asString()).isEqualTo("#/definitions/B");
    assertThat(s.at("/properties/f/additionalProperties").asBoolean(true)).isFalse();
    assertThat(s.at("/properties/e").toString())
        .isEqualTo("{\"format\":\"byte\",\"default\":\"X\",\"maxLength\":3,\"enum\":[\"X\",\"Y\"],\"type\":\"string\"}");
  }

  @Test
  void shapesKubectlCannotReadAreCutAsKubernetesDoesForCrds() {
    assertThat(schema("{\"oneOf\": [{\"type\": \"integer\"}, {\"type\": \"string\"}], \"format\": \"int-or-string\"}")
        .toString()).isEqualTo("{\"format\":\"int-or-string\",\"type\":\"string\"}");
    assertThat(schema("{\"anyOf\": [{\"type\": \"integer\"}, {\"type\": \"string\"}], \"x-kubernetes-int-or-string\": true}")
        .toString()).isEqualTo("{\"x-kubernetes-int-or-string\":true}");
    assertThat(schema("{\"type\": \"object\", \"nullable\": true, \"properties\": {\"a\": {\"type\": \"string\"}}}")
        .toString()).isEqualTo("{}");
    assertThat(schema("""
        {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"a": {"type": "string"}}}""")
        .toString()).isEqualTo("{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}");
    assertThat(schema("{\"type\": \"array\", \"x-kubernetes-preserve-unknown-fields\": true, \"items\": {}}").toString())
        .isEqualTo("{\"x-kubernetes-preserve-unknown-fields\":true}");
    assertThat(schema("{\"type\": \"array\"}").toString()).isEqualTo("{}");
    assertThat(schema("{\"type\": \"null\"}").toString()).isEqualTo("{}");
    assertThat(schema("""
        {"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string", "nullable": true},
         "b": {"type": "string"}}}""").path("required").toString()).isEqualTo("[\"b\"]");
  }

  @Test
  void operationsTakeBodyParametersConsumesProducesAndFlatParameters() {
    JsonNode v3 = Json.MAPPER.readTree("""
        {"parameters": [{"in": "path", "name": "name", "required": true, "description": "name of the X",
                         "schema": {"type": "string", "uniqueItems": true}}],
         "patch": {"operationId": "patchX", "tags": ["x_v1"], "x-kubernetes-action": "patch",
           "x-kubernetes-group-version-kind": {"group": "", "kind": "X", "version": "v1"},
           "parameters": [{"in": "query", "name": "fieldValidation", "description": "how",
                           "schema": {"type": "string", "uniqueItems": true}}],
           "requestBody": {"required": true, "content": {
             "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Patch"}},
             "application/strategic-merge-patch+json": {"schema": {"$ref": "#/components/schemas/Patch"}}}},
           "responses": {
             "200": {"description": "OK", "content": {
               "application/json": {"schema": {"$ref": "#/components/schemas/X"}},
               "application/yaml": {"schema": {"$ref": "#/components/schemas/X"}}}},
             "401": {"description": "Unauthorized"}}}}""");
    JsonNode item = SwaggerConverter.pathItem(v3);
    assertThat(item.path("parameters").toString()).isEqualTo("[{\"description\":\"name of the X\",\"in\":\"path\","
        + "\"name\":\"name\",\"required\":true,\"type\":\"string\",\"uniqueItems\":true}]");
    JsonNode patch = item.path("patch");
    assertThat(patch.path("consumes").toString())
        .isEqualTo("[\"application/merge-patch+json\",\"application/strategic-merge-patch+json\"]");
    assertThat(patch.path("produces").toString()).isEqualTo("[\"application/json\",\"application/yaml\"]");
    assertThat(patch.path("parameters").toString()).isEqualTo("[{\"in\":\"body\",\"name\":\"body\",\"required\":true,"
        + "\"schema\":{\"$ref\":\"#/definitions/Patch\"}},{\"description\":\"how\",\"in\":\"query\","
        + "\"name\":\"fieldValidation\",\"type\":\"string\",\"uniqueItems\":true}]");
    assertThat(patch.path("responses").toString()).isEqualTo("{\"200\":{\"description\":\"OK\",\"schema\":"
        + "{\"$ref\":\"#/definitions/X\"}},\"401\":{\"description\":\"Unauthorized\"}}");
    assertThat(patch.path("schemes").toString()).isEqualTo("[\"https\"]");
    assertThat(patch.path("x-kubernetes-action").asString()).isEqualTo("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").toString())
        .isEqualTo("{\"group\":\"\",\"kind\":\"X\",\"version\":\"v1\"}");
  }

  @Test
  void documentsMergeSortedAndEveryReferenceResolves() {
    JsonNode a = Json.MAPPER.readTree("""
        {"paths": {"/apis/b/v1/xs": {"get": {"operationId": "b"}}},
         "components": {"schemas": {"B": {"type": "object", "properties": {
           "m": {"allOf": [{"$ref": "#/components/schemas/Missing"}]},
           "default": {"$ref": "#/components/schemas/A"}}}}}}""");
    JsonNode b = Json.MAPPER.readTree("""
        {"paths": {"/api/v1/ys": {"get": {"operationId": "a"}}},
         "components": {"schemas": {"A": {"type": "string"}, "B": {"type": "string"}}}}""");
    JsonNode doc = SwaggerConverter.convert(List.of(a, b), "v1.32.9");
    assertThat(doc.path("swagger").asString()).isEqualTo("2.0");
    assertThat(doc.path("info").toString()).isEqualTo("{\"title\":\"Kubernetes\",\"version\":\"v1.32.9\"}");
    assertThat(doc.path("paths").propertyNames()).containsExactly("/api/v1/ys", "/apis/b/v1/xs");
    assertThat(doc.path("definitions").propertyNames()).containsExactly("A", "B", "Missing");
    assertThat(doc.at("/definitions/B/type").asString()).isEqualTo("object");
    assertThat(doc.at("/definitions/Missing/type").asString()).isEqualTo("object");
  }
}
