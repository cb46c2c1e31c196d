package io.capstan.apiserver.apply;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.Json;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hand-written fragments of Kubernetes v1.32's OpenAPI v3 ({@code apis__apps__v1_openapi.json}),
 * in its exact shape: fields refer to named schemas through a one-element {@code allOf}, lists carry
 * {@code x-kubernetes-list-type} and map keys, LabelSelector is an atomic map. Only the fields the
 * tests touch are present; a {@link SchemaLookup} over them follows {@code $ref} as the real one must.
 */
public final class TestSchemas implements SchemaLookup {
  private static final String REF = "#/components/schemas/";

  private static final String SCHEMAS = """
      {
        "io.k8s.api.apps.v1.Deployment": {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "default": {}},
            "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}], "default": {}},
            "status": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStatus"}], "default": {}}
          },
          "x-kubernetes-group-version-kind": [{"group": "apps", "kind": "Deployment", "version": "v1"}]
        },
        "io.k8s.api.apps.v1.DeploymentSpec": {
          "type": "object",
          "required": ["selector", "template"],
          "properties": {
            "minReadySeconds": {"type": "integer", "format": "int32"},
            "paused": {"type": "boolean"},
            "replicas": {"type": "integer", "format": "int32"},
            "selector": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"}]},
            "template": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}], "default": {}}
          }
        },
        "io.k8s.api.apps.v1.DeploymentStatus": {
          "type": "object",
          "properties": {
            "observedGeneration": {"type": "integer", "format": "int64"},
            "replicas": {"type": "integer", "format": "int32"},
            "conditions": {
              "type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentCondition"}], "default": {}},
              "x-kubernetes-list-map-keys": ["type"],
              "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "type",
              "x-kubernetes-patch-strategy": "merge"
            }
          }
        },
        "io.k8s.api.apps.v1.DeploymentCondition": {
          "type": "object",
          "required": ["type", "status"],
          "properties": {
            "message": {"type": "string"},
            "status": {"type": "string", "default": ""},
            "type": {"type": "string", "default": ""}
          }
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector": {
          "type": "object",
          "properties": {
            "matchExpressions": {"type": "array", "items": {"type": "object"}, "x-kubernetes-list-type": "atomic"},
            "matchLabels": {"type": "object", "additionalProperties": {"type": "string", "default": ""}}
          },
          "x-kubernetes-map-type": "atomic"
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
          "type": "object",
          "properties": {
            "annotations": {"type": "object", "additionalProperties": {"type": "string", "default": ""}},
            "creationTimestamp": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time"}]},
            "finalizers": {
              "type": "array",
              "items": {"type": "string", "default": ""},
              "x-kubernetes-list-type": "set",
              "x-kubernetes-patch-strategy": "merge"
            },
            "generation": {"type": "integer", "format": "int64"},
            "labels": {"type": "object", "additionalProperties": {"type": "string", "default": ""}},
            "managedFields": {"type": "array", "items": {"type": "object"}, "x-kubernetes-list-type": "atomic"},
            "name": {"type": "string"},
            "namespace": {"type": "string"},
            "resourceVersion": {"type": "string"},
            "uid": {"type": "string"}
          }
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time": {"type": "string", "format": "date-time"},
        "io.k8s.api.core.v1.PodTemplateSpec": {
          "type": "object",
          "properties": {
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "default": {}},
            "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}], "default": {}}
          }
        },
        "io.k8s.api.core.v1.PodSpec": {
          "type": "object",
          "required": ["containers"],
          "properties": {
            "containers": {
              "type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}], "default": {}},
              "x-kubernetes-list-map-keys": ["name"],
              "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "name",
              "x-kubernetes-patch-strategy": "merge"
            },
            "nodeSelector": {
              "type": "object",
              "additionalProperties": {"type": "string", "default": ""},
              "x-kubernetes-map-type": "atomic"
            }
          }
        },
        "io.k8s.api.core.v1.Container": {
          "type": "object",
          "required": ["name"],
          "properties": {
            "args": {"type": "array", "items": {"type": "string", "default": ""}, "x-kubernetes-list-type": "atomic"},
            "env": {
              "type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.EnvVar"}], "default": {}},
              "x-kubernetes-list-map-keys": ["name"],
              "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "name",
              "x-kubernetes-patch-strategy": "merge"
            },
            "image": {"type": "string"},
            "name": {"type": "string", "default": ""},
            "ports": {
              "type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ContainerPort"}], "default": {}},
              "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
              "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "containerPort",
              "x-kubernetes-patch-strategy": "merge"
            },
            "resources": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ResourceRequirements"}], "default": {}}
          }
        },
        "io.k8s.api.core.v1.ContainerPort": {
          "type": "object",
          "required": ["containerPort"],
          "properties": {
            "containerPort": {"type": "integer", "format": "int32", "default": 0},
            "name": {"type": "string"},
            "protocol": {"type": "string", "default": "TCP"}
          }
        },
        "io.k8s.api.core.v1.EnvVar": {
          "type": "object",
          "required": ["name"],
          "properties": {
            "name": {"type": "string", "default": ""},
            "value": {"type": "string"}
          }
        },
        "io.k8s.api.core.v1.ResourceRequirements": {
          "type": "object",
          "properties": {
            "limits": {"type": "object", "additionalProperties": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"}]}}
          }
        },
        "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"}
      }
      """;

  private final ObjectNode schemas = (ObjectNode) Json.MAPPER.readTree(SCHEMAS);

  /** A lookup that knows Deployments; other kinds have no schema. */
  public static TestSchemas deployments() {
    return new TestSchemas();
  }

  /** A lookup that knows no kind, so every object is untyped (deduced). */
  public static SchemaLookup none() {
    return new SchemaLookup() {
      @Override
      public Optional<JsonNode> root(String apiVersion, String kind) {
        return Optional.empty();
      }

      @Override
      public JsonNode resolve(JsonNode schema) {
        return schema == null ? Json.object() : schema;
      }
    };
  }

  @Override
  public Optional<JsonNode> root(String apiVersion, String kind) {
    if (!apiVersion.equals("apps/v1") || !kind.equals("Deployment")) return Optional.empty();
    return Optional.of(schemas.get("io.k8s.api.apps.v1.Deployment"));
  }

  @Override
  public JsonNode resolve(JsonNode schema) {
    if (schema == null) return Json.object();
    String ref = schema.path("$ref").asString("");
    if (ref.isEmpty() && schema.path("allOf").size() == 1) ref = schema.path("allOf").path(0).path("$ref").asString("");
    if (ref.isEmpty()) return schema;
    JsonNode target = schemas.get(ref.substring(REF.length()));
    if (target == null) return Json.object();
    ObjectNode merged = (ObjectNode) target.deepCopy();
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      if (e.getKey().startsWith("x-kubernetes-") || e.getKey().equals("default")) merged.set(e.getKey(), e.getValue());
    }
    return merged;
  }
}
