package io.capstan.apiserver.bootstrap;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** The two PriorityClasses every Kubernetes cluster has, for critical system pods. Idempotent. */
@Component
@Order(11)
public class SystemPriorityClasses implements ApplicationRunner {
  static final Map<String, Long> CLASSES = Map.of(
      "system-node-critical", 2_000_001_000L,
      "system-cluster-critical", 2_000_000_000L);
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "system-node-critical", "Used for system critical pods that must not be moved from their current node.",
      "system-cluster-critical", "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.");

  private final GenericRegistry registry;
  private final ResourceCatalog catalog;

  public SystemPriorityClasses(GenericRegistry registry, ResourceCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @Override
  public void run(ApplicationArguments args) {
    Served classes = catalog.find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
    CLASSES.forEach((name, value) -> {
      ObjectNode pc = Json.object();
      pc.put("apiVersion", "scheduling.k8s.io/v1");
      pc.put("kind", "PriorityClass");
      pc.putObject("metadata").put("name", name);
      pc.put("value", value);
      pc.put("description", DESCRIPTIONS.get(name));
      try {
        registry.create(classes, null, pc, false);
      } catch (ApiException e) {
        if (e.code() != 409) throw e; // already there from an earlier start
      }
    });
  }
}
