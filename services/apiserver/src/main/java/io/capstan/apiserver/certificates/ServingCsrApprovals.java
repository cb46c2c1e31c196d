package io.capstan.apiserver.certificates;

import io.capstan.apiserver.informers.StorageInformers;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.storage.Storage;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the {@link KubeletServingApprover} on every undecided node serving CSR, from the
 * apiserver's own storage; the auth service signs a request once it is approved.
 */
@Component
public class ServingCsrApprovals implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ServingCsrApprovals.class);

  private final Informer<ObjectNode> informer;
  private final KubeletServingApprover approver;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "serving-csr-approver"));

  public ServingCsrApprovals(Storage storage, ResourceCatalog catalog, GenericRegistry registry, Clock clock) {
    Served csrs = catalog.find("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow();
    this.approver = new KubeletServingApprover(registry, csrs, catalog.find("", "v1", "nodes").orElseThrow(), clock);
    this.informer = StorageInformers.forType(storage, csrs.type());
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ObjectNode object, boolean initialList) {
        consider(object);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode now) {
        consider(now);
      }
    });
    informer.start();
  }

  private void consider(ObjectNode csr) {
    if (!KubeletServingApprover.undecided(csr)) return;
    String name = csr.path("metadata").path("name").asString();
    worker.execute(() -> {
      try {
        approver.consider(name);
      } catch (RuntimeException e) {
        log.warn("approving serving CSR {} failed: {}", name, e.toString());
      }
    });
  }

  @Override
  public void destroy() {
    informer.close();
    worker.shutdownNow();
  }
}
