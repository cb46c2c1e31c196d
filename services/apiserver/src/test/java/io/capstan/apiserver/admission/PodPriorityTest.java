package io.capstan.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.EtcdStorage;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.capstan.testing.EtcdProcess;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Priority admission against classes stored in a real etcd. */
class PodPriorityTest {
  private static EtcdStorage storage;
  private static PodPriority admission;
  private static final ResourceType PODS = new ResourceCatalog().find("", "v1", "pods").orElseThrow().type();

  @BeforeAll
  static void connect() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
    admission = new PodPriority(storage);
  }

  @AfterAll
  static void close() {
    storage.close();
  }

  private static String storeClass(long value, boolean globalDefault, String policy) {
    String name = "pc-" + UUID.randomUUID();
    String json = "{\"metadata\":{\"name\":\"" + name + "\"},\"value\":" + value + ",\"globalDefault\":" + globalDefault
        + (policy == null ? "" : ",\"preemptionPolicy\":\"" + policy + "\"") + "}";
    storage.create(PodPriority.PREFIX + name, json.getBytes(StandardCharsets.UTF_8));
    return name;
  }

  private static ObjectNode pod(String priorityClassName, Long priority) {
    ObjectNode p = Json.object();
    p.putObject("metadata").put("name", "web");
    ObjectNode spec = p.putObject("spec");
    if (priorityClassName != null) spec.put("priorityClassName", priorityClassName);
    if (priority != null) spec.put("priority", priority);
    return p;
  }

  @Test
  void theNamedClassSetsPriorityAndPreemptionPolicy() {
    String high = storeClass(1000, false, "Never");
    ObjectNode p = pod(high, null);
    admission.beforeCreate(PODS, p, false);
    assertThat(p.path("spec").path("priority").asLong()).isEqualTo(1000);
    assertThat(p.path("spec").path("preemptionPolicy").asString()).isEqualTo("Never");
  }

  @Test
  void withoutAClassThePriorityIsZeroOrTheGlobalDefaults() {
    ObjectNode plain = pod(null, null);
    admission.beforeCreate(PODS, plain, false);
    assertThat(plain.path("spec").path("priority").asLong()).isZero();

    String def = storeClass(7, true, null);
    try {
      ObjectNode p = pod(null, null);
      admission.beforeCreate(PODS, p, false);
      assertThat(p.path("spec").path("priority").asLong()).isEqualTo(7);
      assertThat(p.path("spec").path("priorityClassName").asString()).isEqualTo(def);
    } finally {
      storage.delete(PodPriority.PREFIX + def, e -> {});
    }
  }

  @Test
  void anUnknownClassOrAMismatchedPriorityIsForbidden() {
    assertThatThrownBy(() -> admission.beforeCreate(PODS, pod("nope", null), false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo("pods \"web\" is forbidden: no PriorityClass with name nope was found");
        });
    String c = storeClass(10, false, null);
    assertThatThrownBy(() -> admission.beforeCreate(PODS, pod(c, 99L), false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains(
            "the integer value of priority (99) must not be provided in pod spec; priority admission controller computed 10"));
  }
}
