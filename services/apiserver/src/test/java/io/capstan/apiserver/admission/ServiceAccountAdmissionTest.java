package io.capstan.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.authn.StoredObjects;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.EtcdStorage;
import io.capstan.model.Json;
import io.capstan.testing.EtcdProcess;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The ServiceAccount admission plugin against service accounts stored in a real etcd. */
class ServiceAccountAdmissionTest {
  private static final ResourceCatalog CATALOG = new ResourceCatalog();
  private static final ResourceType PODS = CATALOG.find("", "v1", "pods").orElseThrow().type();
  private static final ResourceType SAS = CATALOG.find("", "v1", "serviceaccounts").orElseThrow().type();
  private static EtcdStorage storage;
  private static ServiceAccountAdmission admission;

  @BeforeAll
  static void connect() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
    admission = new ServiceAccountAdmission(new StoredObjects(storage, CATALOG));
  }

  @AfterAll
  static void close() {
    storage.close();
  }

  static String namespace() {
    return "sa-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void storeAccount(String ns, String name, Boolean automount) {
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"" + ns + "\",\"uid\":\"" + UUID.randomUUID() + "\"}"
        + (automount == null ? "" : ",\"automountServiceAccountToken\":" + automount) + "}";
    storage.create(SAS.key(ns, name), json.getBytes(StandardCharsets.UTF_8));
  }

  static ObjectNode pod(String ns) {
    ObjectNode p = Json.object();
    p.putObject("metadata").put("name", "web").put("namespace", ns);
    ObjectNode spec = p.putObject("spec");
    spec.putArray("initContainers").addObject().put("name", "init");
    spec.putArray("containers").addObject().put("name", "app");
    return p;
  }

  @Test
  void aPodGetsTheDefaultAccountAndTheKubeApiAccessVolumeInEveryContainer() {
    String ns = namespace();
    ObjectNode p = pod(ns);
    admission.beforeCreate(PODS, p, false);
    JsonNode spec = p.path("spec");
    assertThat(spec.path("serviceAccountName").asString()).isEqualTo("default");
    JsonNode volume = spec.path("volumes").path(0);
    String name = volume.path("name").asString();
    assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    JsonNode sources = volume.path("projected").path("sources");
    assertThat(sources.path(0).path("serviceAccountToken").path("expirationSeconds").asLong()).isEqualTo(3607);
    assertThat(sources.path(0).path("serviceAccountToken").path("path").asString()).isEqualTo("token");
    assertThat(sources.path(1).path("configMap").path("name").asString()).isEqualTo("kube-root-ca.crt");
    assertThat(sources.path(1).path("configMap").path("items").path(0).path("path").asString()).isEqualTo("ca.crt");
    assertThat(sources.path(2).path("downwardAPI").path("items").path(0).path("fieldRef").path("fieldPath").asString())
        .isEqualTo("metadata.namespace");
    for (String list : new String[] {"initContainers", "containers"}) {
      JsonNode mount = spec.path(list).path(0).path("volumeMounts").path(0);
      assertThat(mount.path("name").asString()).isEqualTo(name);
      assertThat(mount.path("mountPath").asString()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
      assertThat(mount.path("readOnly").asBoolean()).isTrue();
    }
  }

  @Test
  void automountFalseOnThePodOrItsAccountLeavesThePodAlone() {
    String ns = namespace();
    ObjectNode optedOut = pod(ns);
    ((ObjectNode) optedOut.path("spec")).put("automountServiceAccountToken", false);
    admission.beforeCreate(PODS, optedOut, false);
    assertThat(optedOut.path("spec").has("volumes")).isFalse();

    storeAccount(ns, "quiet", false);
    ObjectNode viaAccount = pod(ns);
    ((ObjectNode) viaAccount.path("spec")).put("serviceAccountName", "quiet");
    admission.beforeCreate(PODS, viaAccount, false);
    assertThat(viaAccount.path("spec").has("volumes")).isFalse();

    ObjectNode podWins = pod(ns);
    ((ObjectNode) podWins.path("spec")).put("serviceAccountName", "quiet").put("automountServiceAccountToken", true);
    admission.beforeCreate(PODS, podWins, false);
    assertThat(podWins.path("spec").path("volumes")).hasSize(1);
  }

  @Test
  void aContainerThatMountsSomethingAtThePathKeepsItsOwnMount() {
    ObjectNode p = pod(namespace());
    ((ObjectNode) p.path("spec").path("containers").path(0)).putArray("volumeMounts").addObject().put("name", "mine")
        .put("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");
    admission.beforeCreate(PODS, p, false);
    assertThat(p.path("spec").path("containers").path(0).path("volumeMounts")).hasSize(1);
    assertThat(p.path("spec").path("initContainers").path(0).path("volumeMounts")).hasSize(1);
  }
}
