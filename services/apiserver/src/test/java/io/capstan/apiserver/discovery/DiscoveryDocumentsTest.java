package io.capstan.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DiscoveryDocumentsTest {

  private final ResourceCatalog catalog = new ResourceCatalog();
  private final DiscoveryDocuments docs = new DiscoveryDocuments(catalog);

  private static JsonNode parse(DiscoveryDocuments.Document d) {
    return Json.MAPPER.readTree(d.json());
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asString("").equals(value)) return n;
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) out.add(field == null ? n.asString() : n.path(field).asString(""));
    return out;
  }

  @Test
  void aggregatedCoreGroup() {
    JsonNode list = parse(docs.aggregatedCore("v2"));
    assertThat(list.get("kind").asString()).isEqualTo("APIGroupDiscoveryList");
    assertThat(list.get("apiVersion").asString()).isEqualTo("apidiscovery.k8s.io/v2");
    assertThat(list.get("items")).hasSize(1);
    JsonNode core = list.get("items").get(0);
    assertThat(core.get("metadata").has("name")).isFalse();
    JsonNode v1 = core.get("versions").get(0);
    assertThat(v1.get("version").asString()).isEqualTo("v1");
    assertThat(v1.get("freshness").asString()).isEqualTo("Current");
    List<String> names = texts(v1.get("resources"), "resource");
    assertThat(names).isSorted().contains("pods", "namespaces", "services");

    JsonNode pods = find(v1.get("resources"), "resource", "pods");
    assertThat(pods.get("responseKind").toString()).isEqualTo("{\"group\":\"\",\"version\":\"\",\"kind\":\"Pod\"}");
    assertThat(pods.get("scope").asString()).isEqualTo("Namespaced");
    assertThat(pods.get("singularResource").asString()).isEqualTo("pod");
    assertThat(texts(pods.get("verbs"), null)).containsExactly("create", "delete", "deletecollection", "get", "list",
        "patch", "update", "watch");
    assertThat(texts(pods.get("shortNames"), null)).containsExactly("po");
    assertThat(texts(pods.get("categories"), null)).containsExactly("all");
    assertThat(texts(pods.get("subresources"), "subresource"))
        .containsExactly("attach", "binding", "eviction", "exec", "log", "portforward", "status");
    JsonNode exec = find(pods.get("subresources"), "subresource", "exec");
    assertThat(exec.get("responseKind").get("kind").asString()).isEqualTo("PodExecOptions");
    assertThat(texts(exec.get("verbs"), null)).containsExactly("create", "get");
    JsonNode eviction = find(pods.get("subresources"), "subresource", "eviction");
    assertThat(eviction.get("responseKind").toString())
        .isEqualTo("{\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\"}");
    JsonNode status = find(pods.get("subresources"), "subresource", "status");
    assertThat(status.get("responseKind").get("kind").asString()).isEqualTo("Pod");
    assertThat(texts(status.get("verbs"), null)).containsExactly("get", "patch", "update");

    JsonNode nodes = find(v1.get("resources"), "resource", "nodes");
    assertThat(nodes.get("scope").asString()).isEqualTo("Cluster");
    JsonNode proxy = find(nodes.get("subresources"), "subresource", "proxy");
    assertThat(proxy.get("responseKind").get("kind").asString()).isEqualTo("NodeProxyOptions");
    assertThat(texts(proxy.get("verbs"), null)).containsExactly("create", "delete", "get", "patch", "update");
    assertThat(find(v1.get("resources"), "resource", "secrets").has("shortNames")).isFalse();
  }

  @Test
  void aggregatedNamedGroups() {
    JsonNode list = parse(docs.aggregatedGroups("v2"));
    List<String> groups = new ArrayList<>();
    list.get("items").forEach(i -> groups.add(i.get("metadata").get("name").asString()));
    assertThat(groups).startsWith("apps", "batch").contains("coordination.k8s.io", "apiextensions.k8s.io")
        .doesNotContain("");
    JsonNode apps = list.get("items").get(0).get("versions").get(0);
    JsonNode deployments = find(apps.get("resources"), "resource", "deployments");
    assertThat(texts(deployments.get("shortNames"), null)).containsExactly("deploy");
    JsonNode scale = find(deployments.get("subresources"), "subresource", "scale");
    assertThat(scale.get("responseKind").toString())
        .isEqualTo("{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"}");
    assertThat(texts(scale.get("verbs"), null)).containsExactly("get", "patch", "update");
    assertThat(parse(docs.aggregatedGroups("v2beta1")).get("apiVersion").asString())
        .isEqualTo("apidiscovery.k8s.io/v2beta1");
  }

  @Test
  void legacyDocuments() {
    JsonNode versions = parse(docs.apiVersions());
    assertThat(versions.toString()).isEqualTo("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
        + "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:6443\"}]}");

    JsonNode groupList = parse(docs.apiGroupList());
    assertThat(groupList.get("kind").asString()).isEqualTo("APIGroupList");
    JsonNode apps = find(groupList.get("groups"), "name", "apps");
    assertThat(apps.toString()).isEqualTo("{\"name\":\"apps\",\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],"
        + "\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}");
    assertThat(parse(docs.apiGroup("apps").orElseThrow()).get("kind").asString()).isEqualTo("APIGroup");
    assertThat(docs.apiGroup("nope")).isEmpty();
    assertThat(docs.apiGroup("")).isEmpty();

    JsonNode core = parse(docs.apiResourceList("", "v1").orElseThrow());
    assertThat(core.get("kind").asString()).isEqualTo("APIResourceList");
    assertThat(core.has("apiVersion")).isFalse();
    assertThat(core.get("groupVersion").asString()).isEqualTo("v1");
    List<String> names = texts(core.get("resources"), "name");
    assertThat(names).isSorted().contains("pods", "pods/exec", "pods/status", "namespaces/finalize");
    JsonNode pods = find(core.get("resources"), "name", "pods");
    assertThat(pods.get("singularName").asString()).isEqualTo("pod");
    assertThat(pods.get("namespaced").asBoolean()).isTrue();
    assertThat(pods.get("kind").asString()).isEqualTo("Pod");
    JsonNode eviction = find(core.get("resources"), "name", "pods/eviction");
    assertThat(eviction.toString()).isEqualTo("{\"name\":\"pods/eviction\",\"singularName\":\"\",\"namespaced\":true,"
        + "\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\",\"verbs\":[\"create\"]}");
    JsonNode token = find(core.get("resources"), "name", "serviceaccounts/token");
    assertThat(token.get("group").asString()).isEqualTo("authentication.k8s.io");
    assertThat(find(core.get("resources"), "name", "pods/binding").has("group")).isFalse();

    JsonNode appsV1 = parse(docs.apiResourceList("apps", "v1").orElseThrow());
    assertThat(appsV1.get("apiVersion").asString()).isEqualTo("v1");
    assertThat(appsV1.get("groupVersion").asString()).isEqualTo("apps/v1");
    JsonNode scale = find(appsV1.get("resources"), "name", "deployments/scale");
    assertThat(scale.toString()).isEqualTo("{\"name\":\"deployments/scale\",\"singularName\":\"\",\"namespaced\":true,"
        + "\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\",\"verbs\":[\"get\",\"patch\",\"update\"]}");
    assertThat(docs.apiResourceList("apps", "v2")).isEmpty();
  }

  @Test
  void customResourcesAppearAndDisappearWithTheCatalog() {
    byte[] before = docs.aggregatedGroups("v2").json();
    catalog.putCustom("crontabs.stable.example.com", List.of(crontab("v1beta1"), crontab("v1")));

    JsonNode list = parse(docs.aggregatedGroups("v2"));
    JsonNode stable = null;
    for (JsonNode item : list.get("items")) {
      if (item.get("metadata").path("name").asString("").equals("stable.example.com")) stable = item;
    }
    assertThat(stable).isNotNull();
    assertThat(texts(stable.get("versions"), "version")).containsExactly("v1", "v1beta1");
    JsonNode crontabs = stable.get("versions").get(0).get("resources").get(0);
    assertThat(crontabs.get("resource").asString()).isEqualTo("crontabs");
    assertThat(texts(crontabs.get("shortNames"), null)).containsExactly("ct");
    assertThat(texts(crontabs.get("subresources"), "subresource")).containsExactly("scale", "status");
    JsonNode group = find(parse(docs.apiGroupList()).get("groups"), "name", "stable.example.com");
    assertThat(group.get("preferredVersion").get("version").asString()).isEqualTo("v1");
    assertThat(docs.apiResourceList("stable.example.com", "v1beta1")).isPresent();

    catalog.putCustom("crontabs.stable.example.com", List.of());
    assertThat(docs.aggregatedGroups("v2").json()).isEqualTo(before);
    assertThat(docs.apiGroup("stable.example.com")).isEmpty();
  }

  @Test
  void etagFollowsContent() {
    String etag = docs.aggregatedGroups("v2").etag();
    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(docs.aggregatedGroups("v2").etag()).isEqualTo(etag);
    catalog.putCustom("crontabs.stable.example.com", List.of(crontab("v1")));
    assertThat(docs.aggregatedGroups("v2").etag()).isNotEqualTo(etag);
  }

  private static Served crontab(String version) {
    ResourceType t = new ResourceType("stable.example.com", version, "crontabs", "CronTab", "CronTabList", "crontab",
        true, List.of("ct"), List.of(), Set.of("status", "scale"), ResourceType.ALL_VERBS,
        "/registry/stable.example.com/crontabs");
    return new Served(t, new ResourceStrategy() {});
  }

  @Test
  void theMetricsApiIsListedForKubectlTop() {
    JsonNode list = parse(docs.aggregatedGroups("v2"));
    JsonNode metrics = null;
    for (JsonNode g : list.get("items")) {
      if (g.path("metadata").path("name").asString("").equals("metrics.k8s.io")) metrics = g;
    }
    assertThat(metrics).as("metrics.k8s.io in " + list).isNotNull();
    JsonNode v1beta1 = metrics.get("versions").get(0);
    assertThat(v1beta1.get("version").asString()).isEqualTo("v1beta1");
    assertThat(texts(v1beta1.get("resources"), "resource")).containsExactly("nodes", "pods");
    assertThat(docs.apiResourceList("metrics.k8s.io", "v1beta1")).isPresent();
  }
}
