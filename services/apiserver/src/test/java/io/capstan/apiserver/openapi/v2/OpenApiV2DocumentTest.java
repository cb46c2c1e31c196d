package io.capstan.apiserver.openapi.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.crd.CustomResourceStrategy;
import io.capstan.apiserver.openapi.OpenApiDocuments;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The served /openapi/v2 protobuf, decoded field by field as gnostic's Go types would read it. */
class OpenApiV2DocumentTest {
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";

  private final ResourceCatalog catalog = new ResourceCatalog();
  private final Map<String, JsonNode> crds = new HashMap<>();
  private final OpenApiDocuments v3 = new OpenApiDocuments(catalog, name -> Optional.ofNullable(crds.get(name)));
  private final OpenApiV2Document v2 = new OpenApiV2Document(v3, catalog);

  private Pb document() {
    return Pb.of(v2.current().protobuf());
  }

  private static Pb definition(Pb doc, String name) {
    Pb d = doc.msg(9).named(1).get(name);
    assertThat(d).as(name).isNotNull();
    return d;
  }

  private static Pb property(Pb schema, String field) {
    Pb p = schema.msg(25).named(1).get(field);
    assertThat(p).as(field).isNotNull();
    return p;
  }

  @Test
  void documentHeader() {
    Pb doc = document();
    assertThat(doc.str(1)).isEqualTo("2.0");
    assertThat(doc.msg(2).str(1)).isEqualTo("Kubernetes");
    assertThat(doc.msg(2).str(2)).startsWith("v1.");
    Pb bearer = doc.msg(13).named(1).get("BearerToken").msg(2);
    assertThat(bearer.str(1)).isEqualTo("apiKey");
    assertThat(bearer.str(2)).isEqualTo("authorization");
    assertThat(bearer.str(3)).isEqualTo("header");
    assertThat(doc.msgs(12)).hasSize(1);
    assertThat(doc.msgs(12).get(0).named(1)).containsKey("BearerToken");
  }

  @Test
  void deploymentPatchOperationCarriesGvkActionAndFieldValidation() {
    Pb item = document().msg(8).named(2).get(DEPLOYMENT);
    assertThat(item).isNotNull();
    Pb patch = item.msg(8);
    assertThat(patch.str(5)).isEqualTo("patchAppsV1NamespacedDeployment");
    assertThat(patch.strs(1)).containsExactly("apps_v1");
    assertThat(patch.strs(7)).contains("application/strategic-merge-patch+json", "application/merge-patch+json",
        "application/json-patch+json", "application/apply-patch+yaml");
    assertThat(patch.strs(6)).contains("application/json", "application/yaml");
    assertThat(patch.strs(10)).containsExactly("https");
    assertThat(patch.extension(13, "x-kubernetes-group-version-kind").toString())
        .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
    assertThat(patch.extension(13, "x-kubernetes-action").asString()).isEqualTo("patch");

    List<Pb> params = patch.msgs(8);
    Pb body = params.get(0).msg(1).msg(1);
    assertThat(body.str(2)).isEqualTo("body");
    assertThat(body.str(3)).isEqualTo("body");
    assertThat(body.bool(4)).isTrue();
    assertThat(body.msg(5).str(1)).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
    Map<String, Pb> query = new HashMap<>();
    for (Pb p : params.subList(1, params.size())) {
      Pb q = p.msg(1).msg(2).msg(3);
      query.put(q.str(4), q);
    }
    assertThat(query).containsKeys("dryRun", "fieldManager", "fieldValidation", "force");
    Pb fieldValidation = query.get("fieldValidation");
    assertThat(fieldValidation.str(2)).isEqualTo("query");
    assertThat(fieldValidation.str(6)).isEqualTo("string");
    assertThat(fieldValidation.bool(20)).isTrue();
    assertThat(fieldValidation.str(3)).contains("Strict");
    assertThat(query.get("force").str(6)).isEqualTo("boolean");

    Pb ok = patch.msg(9).named(1).get("200").msg(1);
    assertThat(ok.str(1)).isEqualTo("OK");
    assertThat(ok.msg(2).msg(1).str(1)).isEqualTo("#/definitions/io.k8s.api.apps.v1.Deployment");
    assertThat(patch.msg(9).named(1).get("401").msg(1).str(1)).isEqualTo("Unauthorized");

    Map<String, Pb> pathParams = new HashMap<>();
    for (Pb p : item.msgs(9)) {
      Pb nonBody = p.msg(1).msg(2);
      if (nonBody.has(4)) pathParams.put(nonBody.msg(4).str(4), nonBody.msg(4));
    }
    assertThat(pathParams).containsOnlyKeys("name", "namespace");
    assertThat(pathParams.get("name").bool(1)).isTrue();
    assertThat(pathParams.get("name").str(2)).isEqualTo("path");
    assertThat(pathParams.get("name").str(5)).isEqualTo("string");
  }

  @Test
  void everyOperationOfAResource() {
    Map<String, Pb> paths = document().msg(8).named(2);
    Pb collection = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments");
    assertThat(collection.msg(2).extension(13, "x-kubernetes-action").asString()).isEqualTo("list");
    assertThat(collection.msg(4).extension(13, "x-kubernetes-action").asString()).isEqualTo("post");
    assertThat(collection.msg(4).strs(7)).containsExactly("*/*");
    assertThat(collection.msg(5).extension(13, "x-kubernetes-action").asString()).isEqualTo("deletecollection");
    Pb item = paths.get(DEPLOYMENT);
    assertThat(item.msg(2).extension(13, "x-kubernetes-action").asString()).isEqualTo("get");
    assertThat(item.msg(3).extension(13, "x-kubernetes-action").asString()).isEqualTo("put");
    assertThat(item.msg(5).extension(13, "x-kubernetes-action").asString()).isEqualTo("delete");
    Pb scale = paths.get(DEPLOYMENT + "/scale").msg(8);
    assertThat(scale.extension(13, "x-kubernetes-group-version-kind").toString())
        .isEqualTo("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}");
    assertThat(paths).containsKeys("/api/v1/namespaces/{namespace}/pods/{name}", "/api/v1/namespaces/{name}",
        "/apis/apps/v1/deployments");
  }

  /** kubectl 1.27 skips client-side validation for a kind only when this holds. */
  @Test
  void everyServedKindTakesFieldValidationOnPatch() {
    Pb doc = document();
    for (ResourceCatalog.Served s : catalog.all()) {
      ResourceType t = s.type();
      if (!t.verbs().contains("patch")) continue;
      assertThat(KubectlV2Reader.supportsQueryParam(doc, t.group(), t.version(), t.kind(), "fieldValidation"))
          .as(t.apiVersion() + " " + t.kind()).isTrue();
    }
  }

  @Test
  void definitionsParseAsKubectlModels() {
    Pb doc = document();
    assertThat(KubectlV2Reader.modelErrors(doc)).isEmpty();
    assertThat(doc.msg(9).named(1).size()).isGreaterThan(200);
  }

  @Test
  void deploymentDefinitionsWithKubernetesNamesRefsAndPatchExtensions() {
    Pb doc = document();
    Pb deployment = definition(doc, "io.k8s.api.apps.v1.Deployment");
    assertThat(deployment.str(4)).isEqualTo("Deployment enables declarative updates for Pods and ReplicaSets.");
    assertThat(deployment.msg(22).strs(1)).containsExactly("object");
    assertThat(deployment.extension(31, "x-kubernetes-group-version-kind").toString())
        .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]");
    Pb metadata = property(deployment, "metadata");
    assertThat(metadata.str(1)).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(metadata.str(4)).startsWith("Standard object's metadata.");
    assertThat(metadata.has(22)).isFalse();

    Pb spec = definition(doc, "io.k8s.api.apps.v1.DeploymentSpec");
    assertThat(spec.strs(19)).containsExactly("selector", "template");
    Pb strategy = property(spec, "strategy");
    assertThat(strategy.str(1)).isEqualTo("#/definitions/io.k8s.api.apps.v1.DeploymentStrategy");
    assertThat(strategy.str(4)).isEqualTo("The deployment strategy to use to replace existing pods with new ones.");
    assertThat(strategy.extension(31, "x-kubernetes-patch-strategy").asString()).isEqualTo("retainKeys");
    Pb replicas = property(spec, "replicas");
    assertThat(replicas.msg(22).strs(1)).containsExactly("integer");
    assertThat(replicas.str(2)).isEqualTo("int32");

    Pb containers = property(definition(doc, "io.k8s.api.core.v1.PodSpec"), "containers");
    assertThat(containers.msg(22).strs(1)).containsExactly("array");
    assertThat(containers.msg(23).msgs(1)).hasSize(1);
    assertThat(containers.msg(23).msgs(1).get(0).str(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
    Map<String, String> ext = containers.extensions(31);
    assertThat(Json.MAPPER.readTree(ext.get("x-kubernetes-patch-merge-key")).asString()).isEqualTo("name");
    assertThat(Json.MAPPER.readTree(ext.get("x-kubernetes-patch-strategy")).asString()).isEqualTo("merge");
    assertThat(Json.MAPPER.readTree(ext.get("x-kubernetes-list-type")).asString()).isEqualTo("map");
    assertThat(Json.MAPPER.readTree(ext.get("x-kubernetes-list-map-keys")).toString()).isEqualTo("[\"name\"]");

    Pb labels = property(definition(doc, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), "labels");
    assertThat(labels.msg(22).strs(1)).containsExactly("object");
    assertThat(labels.msg(21).msg(1).msg(22).strs(1)).containsExactly("string");

    Pb intOrString = definition(doc, "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
    assertThat(intOrString.msg(22).strs(1)).containsExactly("string");
    assertThat(intOrString.str(2)).isEqualTo("int-or-string");
    assertThat(definition(doc, "io.k8s.apimachinery.pkg.api.resource.Quantity").msg(22).strs(1))
        .containsExactly("string");

    Pb type = property(definition(doc, "io.k8s.api.apps.v1.DeploymentStrategy"), "type");
    assertThat(type.msgs(20)).extracting(e -> Json.MAPPER.readTree(e.str(2)).asString())
        .containsExactly("Recreate", "RollingUpdate");
  }

  @Test
  void protobufAndJsonDescribeTheSameDocument() {
    OpenApiV2Document.Snapshot s = v2.current();
    JsonNode json = Json.MAPPER.readTree(s.json());
    Pb doc = Pb.of(s.protobuf());
    assertThat(doc.msg(8).named(2).keySet()).containsExactlyElementsOf(json.path("paths").propertyNames());
    assertThat(doc.msg(9).named(1).keySet()).containsExactlyElementsOf(json.path("definitions").propertyNames());
    assertThat(s.etag()).matches("\"[0-9A-F]{128}\"");
  }

  @Test
  void builtOnceAndRebuiltWhenACustomResourceIsServed() {
    OpenApiV2Document.Snapshot first = v2.current();
    assertThat(v2.current()).isSameAs(first);

    crds.put("crontabs.stable.example.com", Json.MAPPER.readTree("""
        {"spec": {"group": "stable.example.com", "versions": [{"name": "v1", "served": true, "storage": true,
          "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object",
            "required": ["cronSpec", "maybe"],
            "properties": {
              "cronSpec": {"type": "string", "description": "When."},
              "replicas": {"type": "integer", "minimum": 1, "maximum": 10},
              "port": {"x-kubernetes-int-or-string": true},
              "maybe": {"type": "string", "nullable": true},
              "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                       "properties": {"a": {"type": "string"}}},
              "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"}}}}}}}]}}
        """));
    catalog.putCustom("crontabs.stable.example.com", List.of(new ResourceCatalog.Served(
        new ResourceType("stable.example.com", "v1", "crontabs", "CronTab", "CronTabList", "crontab", true,
            List.of("ct"), List.of(), Set.of(), ResourceType.ALL_VERBS, "/registry/stable.example.com/crontabs"),
        new CustomResourceStrategy(false, null, null))));

    OpenApiV2Document.Snapshot second = v2.current();
    assertThat(second).isNotSameAs(first);
    assertThat(second.etag()).isNotEqualTo(first.etag());
    Pb doc = Pb.of(second.protobuf());
    assertThat(KubectlV2Reader.modelErrors(doc)).isEmpty();
    assertThat(KubectlV2Reader.supportsQueryParam(doc, "stable.example.com", "v1", "CronTab", "fieldValidation"))
        .isTrue();
    Pb cronTab = definition(doc, "com.example.stable.v1.CronTab");
    assertThat(cronTab.extension(31, "x-kubernetes-group-version-kind").toString())
        .isEqualTo("[{\"group\":\"stable.example.com\",\"kind\":\"CronTab\",\"version\":\"v1\"}]");
    assertThat(property(cronTab, "metadata").str(1))
        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    Pb spec = property(cronTab, "spec");
    // A nullable field is neither typed nor required in v2, as Kubernetes publishes CRDs.
    assertThat(spec.strs(19)).containsExactly("cronSpec");
    assertThat(property(spec, "maybe").has(22)).isFalse();
    assertThat(property(spec, "port").has(22)).isFalse();
    assertThat(property(spec, "port").extension(31, "x-kubernetes-int-or-string").asBoolean()).isTrue();
    assertThat(property(spec, "free").has(25)).isFalse();
    assertThat(property(spec, "replicas").dbl(9)).isEqualTo(1.0);
    assertThat(property(spec, "replicas").dbl(7)).isEqualTo(10.0);
    assertThat(definition(doc, "com.example.stable.v1.CronTabList").msg(22).strs(1)).containsExactly("object");
    // kubectl 1.27 picks the patch type from the PATCH operation's consumes: merge patch for custom resources.
    Pb patch = doc.msg(8).named(2).get("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}").msg(8);
    assertThat(patch.strs(7)).contains("application/merge-patch+json")
        .doesNotContain("application/strategic-merge-patch+json");

    catalog.putCustom("crontabs.stable.example.com", List.of());
    Pb third = Pb.of(v2.current().protobuf());
    assertThat(third.msg(9).named(1)).doesNotContainKey("com.example.stable.v1.CronTab");
    assertThat(third.msg(8).named(2)).doesNotContainKey("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs");
  }
}
