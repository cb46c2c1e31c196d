package io.capstan.apiserver.bootstrap;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** The namespaces every Kubernetes cluster has from its first moment. Idempotent across restarts and replicas. */
@Component
@Order(10)
public class SystemNamespaces implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(SystemNamespaces.class);
  static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final GenericRegistry registry;
  private final ResourceCatalog catalog;

  public SystemNamespaces(GenericRegistry registry, ResourceCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @Override
  public void run(ApplicationArguments args) {
    Served namespaces = catalog.find("", "v1", "namespaces").orElseThrow();
    for (String name : NAMES) {
      ObjectNode ns = Json.object();
      ns.putObject("metadata").put("name", name);
      try {
        registry.create(namespaces, null, ns, false);
        log.info("created namespace {}", name);
      } catch (ApiException e) {
        if (e.code() != 409) throw e; // already there from an earlier start
      }
    }
  }
}
