package io.capstan.apiserver.namespace;

import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finishes deleting terminating namespaces: deletes everything in them, and once nothing is
 * left, removes the "kubernetes" finalizer so the namespace itself goes. This is the namespace
 * controller's job in Kubernetes; it runs here until the controller-manager takes it over.
 * Every pass is idempotent, so several API servers may run it at once.
 */
@Component
public class NamespaceCleaner implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(NamespaceCleaner.class);
  private static final long PERIOD_MS = 1000;

  private final GenericRegistry registry;
  private final ResourceCatalog catalog;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "namespace-cleaner");
    t.setDaemon(true);
    return t;
  });

  public NamespaceCleaner(GenericRegistry registry, ResourceCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @Override
  public void run(ApplicationArguments args) {
    executor.scheduleWithFixedDelay(this::pass, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  void pass() {
    try {
      Served namespaces = catalog.find("", "v1", "namespaces").orElseThrow();
      for (ObjectNode ns : registry.list(namespaces, null, ListOptions.all()).items()) {
        if (Json.at(ns, "metadata.deletionTimestamp") != null) clean(namespaces, Json.text(ns, "metadata.name"));
      }
    } catch (RuntimeException e) {
      // The next pass retries; a failing store must not kill the schedule.
      log.warn("namespace cleanup pass failed: {}", e.toString());
    }
  }

  private void clean(Served namespaces, String name) {
    boolean empty = true;
    for (Served served : catalog.all()) {
      if (!served.type().namespaced()) continue;
      List<ObjectNode> items = registry.list(served, name, ListOptions.all()).items();
      for (ObjectNode o : items) {
        empty = false;
        if (Json.at(o, "metadata.deletionTimestamp") != null) continue;
        try {
          registry.delete(served, name, Json.text(o, "metadata.name"), DeleteOptions.defaults());
        } catch (ApiException e) {
          if (e.code() != 404) throw e;
        }
      }
    }
    if (!empty) return;
    try {
      registry.patch(namespaces, null, name, ns -> {
        Json.objectAt(ns, "spec").remove("finalizers");
        return ns;
      }, false, false);
      log.info("namespace {} is empty and was removed", name);
    } catch (ApiException e) {
      if (e.code() != 404) throw e;
    }
  }
}
