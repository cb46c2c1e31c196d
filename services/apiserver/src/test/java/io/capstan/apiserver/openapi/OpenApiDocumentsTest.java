package io.capstan.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.crd.CustomResourceStrategy;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiDocumentsTest {
  private final ResourceCatalog catalog = new ResourceCatalog();
  private final Map<String, JsonNode> crds = new HashMap<>();
  private final OpenApiDocuments docs = new OpenApiDocuments(catalog, name -> Optional.ofNullable(crds.get(name)));

  private JsonNode doc(String path) {
    return Json.MAPPER.readTree(docs.document(path).orElseThrow().json());
  }

  private JsonNode schema(String apiVersion, String kind) {
    return docs.root(apiVersion, kind).orElseThrow();
  }

  /** A property of a schema, with $ref/allOf followed. */
  private JsonNode prop(JsonNode schema, String field) {
    return docs.resolve(schema).path("properties").path(field);
  }

  @Test
  void indexListsEveryServedGroupVersionWithAHash() {
    JsonNode paths = docs.index().path("paths");
    assertThat(paths.path("api/v1").path("serverRelativeURL").asString()).startsWith("/openapi/v3/api/v1?hash=");
    for (String gv : new String[] {"apis/apps/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1",
        "apis/discovery.k8s.io/v1", "apis/events.k8s.io/v1", "apis/scheduling.k8s.io/v1",
        "apis/apiextensions.k8s.io/v1"}) {
      assertThat(paths.has(gv)).as(gv).isTrue();
      assertThat(docs.document(gv)).as(gv).isPresent();
    }
    String hash = paths.path("apis/apps/v1").path("serverRelativeURL").asString().split("hash=")[1];
    assertThat(docs.document("apis/apps/v1").orElseThrow().hash()).isEqualTo(hash);
  }

  @Test
  void deploymentSchemaHasKubernetesDescriptionsAndGvk() {
    JsonNode apps = doc("apis/apps/v1");
    JsonNode d = apps.path("components").path("schemas").path("io.k8s.api.apps.v1.Deployment");
    assertThat(d.path("description").asString()).isEqualTo("Deployment enables declarative updates for Pods and ReplicaSets.");
    assertThat(d.path("x-kubernetes-group-version-kind").get(0).toString())
        .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
    JsonNode strategy = d.path("properties").path("spec");
    assertThat(strategy.path("allOf").get(0).path("$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec");
    JsonNode s = apps.path("components").path("schemas").path("io.k8s.api.apps.v1.DeploymentSpec")
        .path("properties").path("strategy");
    assertThat(s.path("description").asString()).isEqualTo("The deployment strategy to use to replace existing pods with new ones.");
    assertThat(s.path("x-kubernetes-patch-strategy").asString()).isEqualTo("retainKeys");
    JsonNode type = apps.path("components").path("schemas").path("io.k8s.api.apps.v1.DeploymentStrategy")
        .path("properties").path("type");
    assertThat(type.path("enum").toString()).isEqualTo("[\"Recreate\",\"RollingUpdate\"]");
    assertThat(type.path("description").asString()).endsWith("\n\nPossible enum values:\n"
        + " - `\"Recreate\"` Kill all existing pods before creating new ones.\n"
        + " - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling update i.e gradually scale"
        + " down the old ReplicaSets and scale up the new one.");
    // everything referenced is in the document
    apps.path("components").path("schemas").forEach(sc -> assertRefsPresent(sc, apps));
    assertThat(apps.path("components").path("schemas").has("io.k8s.api.core.v1.PodSpec")).isTrue();
    assertThat(apps.path("components").path("schemas").has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
  }

  private static void assertRefsPresent(JsonNode n, JsonNode doc) {
    if (n.has("$ref")) {
      String name = n.get("$ref").asString().substring("#/components/schemas/".length());
      assertThat(doc.path("components").path("schemas").has(name)).as(name).isTrue();
    }
    n.forEach(c -> { if (c.isContainer()) assertRefsPresent(c, doc); });
  }

  @Test
  void patchMetadataOfPodLists() {
    JsonNode podSpec = prop(schema("v1", "Pod"), "spec");
    JsonNode containers = prop(podSpec, "containers");
    assertThat(containers.path("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    assertThat(containers.path("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
    assertThat(containers.path("x-kubernetes-list-type").asString()).isEqualTo("map");
    assertThat(containers.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
    JsonNode container = docs.resolve(containers.path("items"));
    JsonNode ports = container.path("properties").path("ports");
    assertThat(ports.path("x-kubernetes-patch-merge-key").asString()).isEqualTo("containerPort");
    assertThat(ports.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"containerPort\",\"protocol\"]");
    assertThat(container.path("properties").path("env").path("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    JsonNode volumes = prop(podSpec, "volumes");
    assertThat(volumes.path("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    assertThat(volumes.path("x-kubernetes-patch-strategy").asString()).isEqualTo("merge,retainKeys");
    JsonNode tolerations = prop(podSpec, "tolerations");
    assertThat(tolerations.path("x-kubernetes-list-type").asString()).isEqualTo("atomic");
    assertThat(tolerations.has("x-kubernetes-patch-strategy")).isFalse();
    assertThat(container.path("required").toString()).isEqualTo("[\"name\"]");
    JsonNode selector = docs.resolve(prop(prop(schema("apps/v1", "Deployment"), "spec"), "selector"));
    assertThat(selector.path("x-kubernetes-map-type").asString()).isEqualTo("atomic");
  }

  @Test
  void specialTypes() {
    JsonNode rolling = docs.resolve(prop(prop(prop(schema("apps/v1", "Deployment"), "spec"), "strategy"), "rollingUpdate"));
    JsonNode maxSurge = rolling.path("properties").path("maxSurge");
    assertThat(maxSurge.path("allOf").get(0).path("$ref").asString()).endsWith("intstr.IntOrString");
    JsonNode ios = docs.resolve(maxSurge);
    assertThat(ios.path("format").asString()).isEqualTo("int-or-string");
    assertThat(ios.path("oneOf").toString()).isEqualTo("[{\"type\":\"integer\"},{\"type\":\"string\"}]");
    JsonNode meta = docs.resolve(prop(schema("v1", "Pod"), "metadata"));
    assertThat(docs.resolve(meta.path("properties").path("creationTimestamp")).path("format").asString())
        .isEqualTo("date-time");
    assertThat(meta.path("properties").path("labels").path("additionalProperties").path("type").asString())
        .isEqualTo("string");
  }

  @Test
  void resolveFollowsRefsAndKeepsReferringExtensions() {
    JsonNode ref = Json.MAPPER.readTree("{\"$ref\":\"#/components/schemas/io.k8s.api.core.v1.PodSpec\"}");
    assertThat(docs.resolve(ref).path("description").asString()).isEqualTo("PodSpec is a description of a pod.");
    JsonNode wrapped = Json.MAPPER.readTree("{\"allOf\":[{\"$ref\":\"#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy\"}],"
        + "\"description\":\"field doc\",\"x-kubernetes-patch-strategy\":\"retainKeys\"}");
    JsonNode r = docs.resolve(wrapped);
    assertThat(r.path("properties").has("rollingUpdate")).isTrue();
    assertThat(r.path("x-kubernetes-patch-strategy").asString()).isEqualTo("retainKeys");
    assertThat(docs.resolve(Json.MAPPER.readTree("{\"$ref\":\"#/components/schemas/nope\"}")).isEmpty()).isTrue();
    assertThat(docs.resolve(null).isEmpty()).isTrue();
    JsonNode plain = Json.MAPPER.readTree("{\"type\":\"string\"}");
    assertThat(docs.resolve(plain)).isSameAs(plain);
  }

  @Test
  void patchOperationsOfferFieldValidation() {
    JsonNode item = doc("apis/apps/v1").path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
    JsonNode patch = item.path("patch");
    assertThat(patch.path("operationId").asString()).isEqualTo("patchAppsV1NamespacedDeployment");
    assertThat(patch.path("x-kubernetes-action").asString()).isEqualTo("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").toString())
        .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
    assertThat(names(patch.path("parameters"))).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
    assertThat(patch.path("parameters").get(2).path("description").asString()).contains("Strict");
    assertThat(item.has("get") && item.has("put") && item.has("delete")).isTrue();
    JsonNode collection = doc("apis/apps/v1").path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments");
    assertThat(names(collection.path("post").path("parameters"))).contains("fieldValidation");
    JsonNode scale = doc("apis/apps/v1").path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
    assertThat(scale.path("patch").path("x-kubernetes-group-version-kind").path("kind").asString()).isEqualTo("Scale");
    JsonNode node = doc("api/v1").path("paths").path("/api/v1/nodes/{name}").path("patch");
    assertThat(node.path("operationId").asString()).isEqualTo("patchCoreV1Node");
  }

  private static java.util.List<String> names(JsonNode params) {
    java.util.List<String> out = new java.util.ArrayList<>();
    params.forEach(p -> out.add(p.path("name").asString()));
    return out;
  }

  @Test
  void customResourceDefinitionsContributeTheirDocumentWhenCreated() {
    assertThat(docs.index().path("paths").has("apis/stable.example.com/v1")).isFalse();
    JsonNode crd = Json.MAPPER.readTree("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"crontabs.stable.example.com"},
         "spec":{"group":"stable.example.com","scope":"Namespaced",
          "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab","listKind":"CronTabList"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{
            "type":"object","description":"A cron tab.",
            "properties":{"spec":{"type":"object","description":"The spec.","properties":{
              "cronSpec":{"type":"string","description":"The schedule."},
              "port":{"x-kubernetes-int-or-string":true},
              "replicas":{"type":"integer"}}}}}}}]}}
        """);
    crds.put("crontabs.stable.example.com", crd);
    catalog.putCustom("crontabs.stable.example.com", servedVersions(crd));

    String url = docs.index().path("paths").path("apis/stable.example.com/v1").path("serverRelativeURL").asString();
    assertThat(url).startsWith("/openapi/v3/apis/stable.example.com/v1?hash=");
    JsonNode d = doc("apis/stable.example.com/v1");
    JsonNode schemas = d.path("components").path("schemas");
    JsonNode cronTab = schemas.path("com.example.stable.v1.CronTab");
    assertThat(cronTab.path("description").asString()).isEqualTo("A cron tab.");
    assertThat(cronTab.path("x-kubernetes-group-version-kind").get(0).path("kind").asString()).isEqualTo("CronTab");
    assertThat(cronTab.path("properties").path("metadata").path("allOf").get(0).path("$ref").asString())
        .endsWith("meta.v1.ObjectMeta");
    assertThat(cronTab.path("properties").path("apiVersion").path("description").asString()).startsWith("APIVersion defines");
    assertThat(cronTab.path("properties").path("spec").path("properties").path("port").path("anyOf").size()).isEqualTo(2);
    assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
    assertThat(schemas.path("com.example.stable.v1.CronTabList").path("x-kubernetes-group-version-kind").get(0)
        .path("kind").asString()).isEqualTo("CronTabList");
    JsonNode patch = d.path("paths").path("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}").path("patch");
    assertThat(patch.path("operationId").asString()).isEqualTo("patchStableExampleComV1NamespacedCronTab");
    assertThat(names(patch.path("parameters"))).contains("fieldValidation");
    assertThat(docs.root("stable.example.com/v1", "CronTab").orElseThrow().path("description").asString())
        .isEqualTo("A cron tab.");

    // a schema change gives a new hash; removal drops the document
    ((tools.jackson.databind.node.ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema"))
        .put("description", "Changed.");
    catalog.putCustom("crontabs.stable.example.com", servedVersions(crd));
    assertThat(docs.index().path("paths").path("apis/stable.example.com/v1").path("serverRelativeURL").asString())
        .isNotEqualTo(url);
    catalog.putCustom("crontabs.stable.example.com", java.util.List.of());
    assertThat(docs.index().path("paths").has("apis/stable.example.com/v1")).isFalse();
    assertThat(docs.root("stable.example.com/v1", "CronTab")).isEmpty();
  }

  /** What the CRD registry serves for the test CRD (one namespaced version, no subresources). */
  static java.util.List<ResourceCatalog.Served> servedVersions(JsonNode crd) {
    ResourceType t = new ResourceType("stable.example.com", "v1", "crontabs", "CronTab", "CronTabList", "crontab",
        true, java.util.List.of("ct"), java.util.List.of(), java.util.Set.of(), ResourceType.ALL_VERBS,
        "/registry/stable.example.com/crontabs");
    return java.util.List.of(new ResourceCatalog.Served(t, new CustomResourceStrategy(false, null, null)));
  }
}
