package io.capstan.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.NamespaceGuard;
import io.capstan.apiserver.registry.ObjectMetaValidator;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.storage.EtcdStorage;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.capstan.testing.EtcdProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Cluster IP and node port allocation through the registry on a real etcd; each test has its own namespace. */
class ServiceAllocatorTest {
  private static final ResourceCatalog catalog = new ResourceCatalog();
  private static EtcdStorage storage;
  private static GenericRegistry registry;
  private static ServiceAllocationRepair repair;
  private final Served services = catalog.find("", "v1", "services").orElseThrow();
  private String ns;

  @BeforeAll
  static void start() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
    registry = new GenericRegistry(storage, Clock.systemUTC(), List.of(new ServiceAllocator(storage)),
        new ObjectMetaValidator(), new NamespaceGuard(storage));
    repair = new ServiceAllocationRepair(storage, catalog, new SimpleMeterRegistry(), Duration.ZERO);
  }

  @AfterAll
  static void stop() {
    storage.close();
  }

  @BeforeEach
  void namespace() {
    ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    registry.create(catalog.find("", "v1", "namespaces").orElseThrow(), null,
        obj("{\"metadata\":{\"name\":\"" + ns + "\"}}"), false);
  }

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
  }

  private ObjectNode create(String name, String spec) {
    return registry.create(services, ns, obj("{'metadata':{'name':'" + name + "'},'spec':" + spec + "}"), false);
  }

  private ObjectNode update(String name, java.util.function.Consumer<ObjectNode> change) {
    return registry.patch(services, ns, name, o -> {
      change.accept(Json.objectAt(o, "spec"));
      return o;
    }, false, false);
  }

  private static String ip(ObjectNode svc) {
    return Json.text(svc, "spec.clusterIP");
  }

  private static int nodePort(ObjectNode svc) {
    return svc.path("spec").path("ports").get(0).path("nodePort").asInt(0);
  }

  private boolean allocated(String prefix, String value) {
    return storage.get(prefix + value).isPresent();
  }

  @Test
  void headlessGetsNoAddressAndAChosenIpIsCheckedAndFreedOnDelete() {
    ObjectNode headless = create("db", "{'clusterIP':'None','selector':{'app':'db'}}");
    assertThat(ip(headless)).isEqualTo("None");
    assertThat(headless.at("/spec/clusterIPs").toString()).isEqualTo("[\"None\"]");

    String chosen = "10.96.9." + (2 + (int) (Math.random() * 250));
    ObjectNode fixed = create("fixed", "{'clusterIP':'" + chosen + "','ports':[{'port':80}]}");
    assertThat(ip(fixed)).isEqualTo(chosen);
    assertThatThrownBy(() -> create("twin", "{'clusterIP':'" + chosen + "','ports':[{'port':80}]}"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("provided IP is already allocated"));
    assertThatThrownBy(() -> create("far", "{'clusterIP':'192.0.2.1','ports':[{'port':80}]}"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("is not in the valid range"));
    registry.delete(services, ns, "fixed", DeleteOptions.defaults());
    assertThat(allocated(ServiceAllocator.IP_PREFIX, chosen)).isFalse();
    assertThat(ip(create("again", "{'clusterIP':'" + chosen + "','ports':[{'port':80}]}"))).isEqualTo(chosen);
  }

  @Test
  void loadBalancerAndExternalNameAreAccepted() {
    ObjectNode lb = create("lb", "{'type':'LoadBalancer','ports':[{'port':80}]}");
    assertThat(nodePort(lb)).isBetween(30000, 32767);
    assertThat(ip(lb)).startsWith("10.96.");
    ObjectNode ext = create("ext", "{'type':'ExternalName','externalName':'db.example.com'}");
    assertThat(ext.path("spec").has("clusterIP")).isFalse();
  }

  @Test
  void typeChangesAllocateWhatTheNewTypeNeedsAndRepairReleasesWhatIsNoLongerHeld() {
    ObjectNode svc = create("web", "{'selector':{'app':'web'},'ports':[{'port':80}]}");
    String ip = ip(svc);
    ObjectNode asNodePort = update("web", s -> s.put("type", "NodePort"));
    int port = nodePort(asNodePort);
    assertThat(port).isBetween(30000, 32767);
    assertThat(ip(asNodePort)).isEqualTo(ip);
    assertThat(allocated(ServiceAllocator.PORT_PREFIX, Integer.toString(port))).isTrue();

    // Back to ClusterIP: the node port the client left in place is dropped, then released by repair.
    ObjectNode back = update("web", s -> s.put("type", "ClusterIP"));
    assertThat(nodePort(back)).isZero();
    assertThat(back.at("/spec/externalTrafficPolicy").isMissingNode()).isTrue();
    repair.repair(ServiceAllocator.PORT_PREFIX, storage.currentRevision());
    assertThat(allocated(ServiceAllocator.PORT_PREFIX, Integer.toString(port))).isFalse();

    // To ExternalName and back: the cluster IP goes (and is released), a new one comes.
    ObjectNode ext = update("web", s -> s.put("type", "ExternalName").put("externalName", "db.example.com"));
    assertThat(ext.path("spec").has("clusterIP")).isFalse();
    repair.repair(ServiceAllocator.IP_PREFIX, storage.currentRevision());
    assertThat(allocated(ServiceAllocator.IP_PREFIX, ip)).isFalse();
    ObjectNode again = update("web", s -> {
      s.put("type", "ClusterIP");
      s.remove("externalName");
    });
    assertThat(ip(again)).startsWith("10.96.").isNotEqualTo("None");
    assertThat(allocated(ServiceAllocator.IP_PREFIX, ip(again))).isTrue();
    // Repair keeps what is held.
    repair.repair(ServiceAllocator.IP_PREFIX, storage.currentRevision());
    assertThat(allocated(ServiceAllocator.IP_PREFIX, ip(again))).isTrue();
  }
}
