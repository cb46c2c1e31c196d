package io.capstan.apiserver.patch;

/**
 * Parts of Kubernetes v1.32's OpenAPI v3 {@code components.schemas}, written by hand in the shape
 * of {@code api/openapi-spec/v3/api__v1_openapi.json} and {@code apis__apps__v1_openapi.json}:
 * references wrapped in a one-element {@code allOf}, patch extensions on the referring property,
 * descriptions left out. Only the fields the tests patch are described.
 */
final class KubeSchemaFragments {
  private KubeSchemaFragments() {}

  static final String JSON = """
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
            "replicas": {"type": "integer", "format": "int32"},
            "selector": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"}]},
            "strategy": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"}], "default": {},
                         "x-kubernetes-patch-strategy": "retainKeys"},
            "template": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}], "default": {}}
          }
        },
        "io.k8s.api.apps.v1.DeploymentStrategy": {
          "type": "object",
          "properties": {
            "rollingUpdate": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.RollingUpdateDeployment"}]},
            "type": {"type": "string", "enum": ["Recreate", "RollingUpdate"]}
          }
        },
        "io.k8s.api.apps.v1.RollingUpdateDeployment": {
          "type": "object",
          "properties": {
            "maxSurge": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}]},
            "maxUnavailable": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}]}
          }
        },
        "io.k8s.api.apps.v1.DeploymentStatus": {
          "type": "object",
          "properties": {
            "conditions": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentCondition"}], "default": {}},
              "x-kubernetes-list-map-keys": ["type"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "type", "x-kubernetes-patch-strategy": "merge"},
            "replicas": {"type": "integer", "format": "int32"}
          }
        },
        "io.k8s.api.apps.v1.DeploymentCondition": {
          "type": "object",
          "required": ["type", "status"],
          "properties": {"type": {"type": "string", "default": ""}, "status": {"type": "string", "default": ""},
                         "reason": {"type": "string"}}
        },
        "io.k8s.api.core.v1.Pod": {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "default": {}},
            "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}], "default": {}}
          },
          "x-kubernetes-group-version-kind": [{"group": "", "kind": "Pod", "version": "v1"}]
        },
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
            "containers": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}], "default": {}},
              "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"},
            "initContainers": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}], "default": {}},
              "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"},
            "volumes": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Volume"}], "default": {}},
              "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge,retainKeys"},
            "tolerations": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Toleration"}], "default": {}},
              "x-kubernetes-list-type": "atomic"},
            "nodeSelector": {"type": "object", "additionalProperties": {"type": "string", "default": ""},
                             "x-kubernetes-map-type": "atomic"},
            "restartPolicy": {"type": "string"},
            "terminationGracePeriodSeconds": {"type": "integer", "format": "int64"}
          }
        },
        "io.k8s.api.core.v1.Container": {
          "type": "object",
          "required": ["name"],
          "properties": {
            "name": {"type": "string", "default": ""},
            "image": {"type": "string"},
            "args": {"type": "array", "items": {"type": "string", "default": ""}, "x-kubernetes-list-type": "atomic"},
            "command": {"type": "array", "items": {"type": "string", "default": ""}, "x-kubernetes-list-type": "atomic"},
            "env": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.EnvVar"}], "default": {}},
              "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"},
            "ports": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ContainerPort"}], "default": {}},
              "x-kubernetes-list-map-keys": ["containerPort", "protocol"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "containerPort", "x-kubernetes-patch-strategy": "merge"},
            "resources": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ResourceRequirements"}], "default": {}},
            "imagePullPolicy": {"type": "string"}
          }
        },
        "io.k8s.api.core.v1.EnvVar": {
          "type": "object",
          "required": ["name"],
          "properties": {"name": {"type": "string", "default": ""}, "value": {"type": "string"}}
        },
        "io.k8s.api.core.v1.ContainerPort": {
          "type": "object",
          "required": ["containerPort"],
          "properties": {"containerPort": {"type": "integer", "format": "int32", "default": 0},
                         "name": {"type": "string"}, "protocol": {"type": "string", "default": "TCP"}}
        },
        "io.k8s.api.core.v1.ResourceRequirements": {
          "type": "object",
          "properties": {
            "limits": {"type": "object", "additionalProperties": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"}]}},
            "requests": {"type": "object", "additionalProperties": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"}]}}
          }
        },
        "io.k8s.api.core.v1.Volume": {
          "type": "object",
          "required": ["name"],
          "properties": {
            "name": {"type": "string", "default": ""},
            "configMap": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ConfigMapVolumeSource"}]},
            "emptyDir": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.EmptyDirVolumeSource"}]}
          }
        },
        "io.k8s.api.core.v1.ConfigMapVolumeSource": {"type": "object", "properties": {"name": {"type": "string"}}},
        "io.k8s.api.core.v1.EmptyDirVolumeSource": {"type": "object", "properties": {"medium": {"type": "string"}}},
        "io.k8s.api.core.v1.Toleration": {
          "type": "object",
          "properties": {"key": {"type": "string"}, "operator": {"type": "string"}, "value": {"type": "string"},
                         "effect": {"type": "string"}}
        },
        "io.k8s.api.core.v1.Service": {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "default": {}},
            "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ServiceSpec"}], "default": {}}
          },
          "x-kubernetes-group-version-kind": [{"group": "", "kind": "Service", "version": "v1"}]
        },
        "io.k8s.api.core.v1.ServiceSpec": {
          "type": "object",
          "properties": {
            "ports": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ServicePort"}], "default": {}},
              "x-kubernetes-list-map-keys": ["port", "protocol"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "port", "x-kubernetes-patch-strategy": "merge"},
            "selector": {"type": "object", "additionalProperties": {"type": "string", "default": ""},
                         "x-kubernetes-map-type": "atomic"},
            "type": {"type": "string"}
          }
        },
        "io.k8s.api.core.v1.ServicePort": {
          "type": "object",
          "required": ["port"],
          "properties": {"name": {"type": "string"}, "port": {"type": "integer", "format": "int32", "default": 0},
                         "protocol": {"type": "string", "default": "TCP"},
                         "targetPort": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}]}}
        },
        "io.k8s.api.core.v1.ConfigMap": {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "default": {}},
            "data": {"type": "object", "additionalProperties": {"type": "string", "default": ""}}
          },
          "x-kubernetes-group-version-kind": [{"group": "", "kind": "ConfigMap", "version": "v1"}]
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
          "type": "object",
          "properties": {
            "name": {"type": "string"},
            "namespace": {"type": "string"},
            "labels": {"type": "object", "additionalProperties": {"type": "string", "default": ""}},
            "annotations": {"type": "object", "additionalProperties": {"type": "string", "default": ""}},
            "finalizers": {"type": "array", "items": {"type": "string", "default": ""},
                           "x-kubernetes-list-type": "set", "x-kubernetes-patch-strategy": "merge"},
            "ownerReferences": {"type": "array",
              "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"}], "default": {}},
              "x-kubernetes-list-map-keys": ["uid"], "x-kubernetes-list-type": "map",
              "x-kubernetes-patch-merge-key": "uid", "x-kubernetes-patch-strategy": "merge"}
          }
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference": {
          "type": "object",
          "required": ["apiVersion", "kind", "name", "uid"],
          "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"},
                         "uid": {"type": "string"}, "controller": {"type": "boolean"}}
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector": {
          "type": "object",
          "properties": {
            "matchLabels": {"type": "object", "additionalProperties": {"type": "string", "default": ""}}
          },
          "x-kubernetes-map-type": "atomic"
        },
        "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"},
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"type": "string", "format": "int-or-string"}
      }
      """;
}
