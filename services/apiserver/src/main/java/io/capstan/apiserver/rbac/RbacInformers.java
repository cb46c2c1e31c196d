package io.capstan.apiserver.rbac;

import io.capstan.apiserver.informers.StorageInformers;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.storage.Storage;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * One informer per RBAC resource, over the API server's own storage (see {@link StorageInformers}),
 * feeding the {@link RbacIndex} that every authorization decision reads: no etcd read per request.
 * Construction waits until all four have listed, so the server never authorizes from a half cache.
 */
@Component
public class RbacInformers implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(RbacInformers.class);
  private static final String GROUP = "rbac.authorization.k8s.io";

  private final RbacIndex index = new RbacIndex();
  private final Informer<ObjectNode> roles;
  private final Informer<ObjectNode> clusterRoles;
  private final Informer<ObjectNode> roleBindings;
  private final Informer<ObjectNode> clusterRoleBindings;

  public RbacInformers(Storage storage, ResourceCatalog catalog) throws InterruptedException {
    roles = informer(storage, catalog, "roles", index::putRole, index::deleteRole);
    clusterRoles = informer(storage, catalog, "clusterroles", index::putClusterRole, index::deleteClusterRole);
    roleBindings = informer(storage, catalog, "rolebindings", index::putRoleBinding, index::deleteRoleBinding);
    clusterRoleBindings = informer(storage, catalog, "clusterrolebindings", index::putClusterRoleBinding,
        index::deleteClusterRoleBinding);
    for (Informer<ObjectNode> i : all()) i.start();
    for (Informer<ObjectNode> i : all()) {
      if (!i.awaitSynced(Duration.ofSeconds(60))) throw new IllegalStateException("the " + i.name() + " informer did not sync in 60s");
    }
    log.info("RBAC cache synced: {} bindings", index.bindingCount());
  }

  private static Informer<ObjectNode> informer(Storage storage, ResourceCatalog catalog, String plural,
      Consumer<ObjectNode> put, Consumer<ObjectNode> delete) {
    Informer<ObjectNode> informer = StorageInformers.forType(storage,
        catalog.find(GROUP, "v1", plural).orElseThrow().type());
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ObjectNode object, boolean initialList) {
        put.accept(object);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode now) {
        put.accept(now);
      }

      @Override
      public void onDelete(ObjectNode lastKnown) {
        delete.accept(lastKnown);
      }
    });
    return informer;
  }

  public RbacIndex index() {
    return index;
  }

  public Informer<ObjectNode> clusterRoles() {
    return clusterRoles;
  }

  private List<Informer<ObjectNode>> all() {
    return List.of(roles, clusterRoles, roleBindings, clusterRoleBindings);
  }

  @Override
  public void destroy() {
    all().forEach(Informer::close);
  }
}
