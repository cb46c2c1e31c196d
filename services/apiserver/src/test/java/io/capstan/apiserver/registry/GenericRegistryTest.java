package io.capstan.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.storage.EtcdStorage;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.capstan.testing.EtcdProcess;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The generic registry's Kubernetes semantics, on a real etcd; each test has its own namespace. */
class GenericRegistryTest {
  private static EtcdStorage storage;
  private static GenericRegistry registry;
  private static final ResourceCatalog catalog = new ResourceCatalog();
  private String ns;

  @BeforeAll
  static void start() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
    registry = new GenericRegistry(storage, Clock.systemUTC(), List.of(), new ObjectMetaValidator(),
        new NamespaceGuard(storage));
  }

  @AfterAll
  static void stop() {
    storage.close();
  }

  private static Served served(String group, String plural) {
    String version = "v1";
    return catalog.find(group, version, plural).orElseThrow();
  }

  @BeforeEach
  void namespace() {
    ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    registry.create(served("", "namespaces"), null, obj("{\"metadata\":{\"name\":\"" + ns + "\"}}"), false);
  }

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  private ObjectNode configMap(String name) {
    return obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"k\":\"v\"}}");
  }

  private ObjectNode deployment(String name) {
    return obj("""
        {"metadata":{"name":"%s"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"a"}},
         "template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}},
         "status":{"replicas":7}}""".formatted(name));
  }

  @Test
  void createFillsMetadataAndResourceVersionIsTheEtcdRevision() {
    ObjectNode cm = registry.create(served("", "configmaps"), ns, configMap("a"), false);
    assertThat(Json.text(cm, "metadata.uid")).hasSize(36);
    assertThat(Json.text(cm, "metadata.creationTimestamp")).endsWith("Z");
    assertThat(Json.text(cm, "metadata.namespace")).isEqualTo(ns);
    long rv = Long.parseLong(Json.text(cm, "metadata.resourceVersion"));
    assertThat(storage.get("/registry/configmaps/" + ns + "/a").orElseThrow().modRevision()).isEqualTo(rv);
  }

  @Test
  void generateNameProducesAUniqueName() {
    ObjectNode o = configMap("");
    Json.objectAt(o, "metadata").remove("name");
    Json.objectAt(o, "metadata").put("generateName", "web-");
    ObjectNode created = registry.create(served("", "configmaps"), ns, o, false);
    assertThat(Json.text(created, "metadata.name")).matches("web-[a-z0-9]{5}");
  }

  @Test
  void duplicateCreateIsAlreadyExists() {
    registry.create(served("", "configmaps"), ns, configMap("dup"), false);
    assertThatThrownBy(() -> registry.create(served("", "configmaps"), ns, configMap("dup"), false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.reason()).isEqualTo("AlreadyExists");
          assertThat(e.getMessage()).isEqualTo("configmaps \"dup\" already exists");
        });
  }

  @Test
  void staleUpdateIsConflictAndWritesNothing() {
    ObjectNode cm = registry.create(served("", "configmaps"), ns, configMap("c"), false);
    ObjectNode first = cm.deepCopy();
    Json.objectAt(first, "data").put("k", "one");
    registry.update(served("", "configmaps"), ns, "c", first, false, false);
    ObjectNode stale = cm.deepCopy();
    Json.objectAt(stale, "data").put("k", "two");
    assertThatThrownBy(() -> registry.update(served("", "configmaps"), ns, "c", stale, false, false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your "
                + "changes to the latest version and try again"));
    assertThat(Json.text(registry.get(served("", "configmaps"), ns, "c"), "data.k")).isEqualTo("one");
  }

  @Test
  void statusIsDroppedOnCreateAndOnlyWrittenThroughStatus() {
    Served deployments = served("apps", "deployments");
    ObjectNode d = registry.create(deployments, ns, deployment("web"), false);
    assertThat(d.has("status")).isFalse();
    assertThat(d.path("metadata").path("generation").asLong()).isEqualTo(1);

    ObjectNode withStatus = d.deepCopy();
    withStatus.putObject("status").put("replicas", 5);
    ObjectNode afterMain = registry.update(deployments, ns, "web", withStatus, false, false);
    assertThat(afterMain.has("status")).isFalse();
    assertThat(afterMain.path("metadata").path("generation").asLong()).isEqualTo(1);

    ObjectNode viaStatus = afterMain.deepCopy();
    viaStatus.putObject("status").put("replicas", 5);
    Json.objectAt(viaStatus, "spec").put("replicas", 9);
    ObjectNode afterStatus = registry.update(deployments, ns, "web", viaStatus, true, false);
    assertThat(afterStatus.path("status").path("replicas").asInt()).isEqualTo(5);
    assertThat(afterStatus.path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void specChangeBumpsGenerationMetadataChangeDoesNot() {
    Served deployments = served("apps", "deployments");
    ObjectNode d = registry.create(deployments, ns, deployment("gen"), false);
    ObjectNode labelled = registry.patch(deployments, ns, "gen", o -> {
      Json.objectAt(Json.objectAt(o, "metadata"), "labels").put("x", "y");
      return o;
    }, false, false);
    assertThat(labelled.path("metadata").path("generation").asLong()).isEqualTo(1);
    ObjectNode scaled = registry.patch(deployments, ns, "gen", o -> {
      Json.objectAt(o, "spec").put("replicas", 3);
      return o;
    }, false, false);
    assertThat(scaled.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(Json.text(scaled, "metadata.uid")).isEqualTo(Json.text(d, "metadata.uid"));
  }

  @Test
  void noOpPatchKeepsTheResourceVersion() {
    Served cms = served("", "configmaps");
    ObjectNode cm = registry.create(cms, ns, configMap("same"), false);
    ObjectNode again = registry.patch(cms, ns, "same", o -> o, false, false);
    assertThat(Json.text(again, "metadata.resourceVersion")).isEqualTo(Json.text(cm, "metadata.resourceVersion"));
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() {
    Served cms = served("", "configmaps");
    ObjectNode o = configMap("fin");
    Json.objectAt(o, "metadata").putArray("finalizers").add("example.com/hold");
    registry.create(cms, ns, o, false);
    ObjectNode marked = registry.delete(cms, ns, "fin", DeleteOptions.defaults());
    assertThat(Json.text(marked, "metadata.deletionTimestamp")).isNotNull();
    assertThat(registry.get(cms, ns, "fin")).isNotNull();
    assertThatThrownBy(() -> registry.patch(cms, ns, "fin", x -> {
      ((tools.jackson.databind.node.ArrayNode) x.path("metadata").path("finalizers")).add("new/one");
      return x;
    }, false, false)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
    registry.patch(cms, ns, "fin", x -> {
      Json.objectAt(x, "metadata").remove("finalizers");
      return x;
    }, false, false);
    assertThatThrownBy(() -> registry.get(cms, ns, "fin"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void deletePreconditionMismatchIsConflict() {
    Served cms = served("", "configmaps");
    registry.create(cms, ns, configMap("pre"), false);
    assertThatThrownBy(() -> registry.delete(cms, ns, "pre",
        new DeleteOptions(null, null, "not-the-uid", null, false)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThat(registry.get(cms, ns, "pre")).isNotNull();
  }

  @Test
  void boundPodIsDeletedGracefullyUnboundPodAtOnce() {
    Served pods = served("", "pods");
    String pod = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{%s\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    registry.create(pods, ns, obj(pod.formatted("free", "")), false);
    registry.create(pods, ns, obj(pod.formatted("bound", "\"nodeName\":\"n1\",")), false);
    registry.delete(pods, ns, "free", DeleteOptions.defaults());
    assertThatThrownBy(() -> registry.get(pods, ns, "free")).isInstanceOf(ApiException.class);
    ObjectNode terminating = registry.delete(pods, ns, "bound", DeleteOptions.defaults());
    assertThat(terminating.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
    // The node agent confirms with grace period 0.
    registry.delete(pods, ns, "bound", new DeleteOptions(null, 0L, null, null, false));
    assertThatThrownBy(() -> registry.get(pods, ns, "bound")).isInstanceOf(ApiException.class);
  }

  @Test
  void createInMissingNamespaceIsNotFoundAndInTerminatingIsForbidden() {
    assertThatThrownBy(() -> registry.create(served("", "configmaps"), "no-such-ns", configMap("x"), false))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getMessage()).isEqualTo("namespaces \"no-such-ns\" not found"));
    registry.delete(served("", "namespaces"), null, ns, DeleteOptions.defaults());
    assertThatThrownBy(() -> registry.create(served("", "configmaps"), ns, configMap("x"), false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(403);
          assertThat(e.getMessage()).contains("because it is being terminated");
        });
  }

  @Test
  void listPagesWithContinueAndFilters() {
    Served cms = served("", "configmaps");
    for (int i = 0; i < 7; i++) registry.create(cms, ns, configMap("cm-" + i), false);
    ListResult first = registry.list(cms, ns, new ListOptions(o -> true, 3, null));
    assertThat(first.items()).hasSize(3);
    assertThat(first.continueToken()).isNotNull();
    ListResult second = registry.list(cms, ns, new ListOptions(o -> true, 3, first.continueToken()));
    ListResult third = registry.list(cms, ns, new ListOptions(o -> true, 3, second.continueToken()));
    assertThat(third.items()).hasSize(1);
    assertThat(third.continueToken()).isNull();
    assertThat(second.resourceVersion()).isEqualTo(first.resourceVersion());
    ListResult odd = registry.list(cms, ns, new ListOptions(
        o -> Integer.parseInt(Json.text(o, "metadata.name").substring(3)) % 2 == 1, 2, null));
    assertThat(odd.items()).extracting(o -> Json.text(o, "metadata.name")).containsExactly("cm-1", "cm-3");
    assertThatThrownBy(() -> registry.list(cms, ns, new ListOptions(o -> true, 3, "garbage!")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void dryRunValidatesButWritesNothing() {
    Served cms = served("", "configmaps");
    registry.create(cms, ns, configMap("dry"), true);
    assertThatThrownBy(() -> registry.get(cms, ns, "dry")).isInstanceOf(ApiException.class);
  }
}
