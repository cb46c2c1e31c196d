package io.capstan.controllermanager.namespace;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Empties a terminating namespace (Kubernetes' namespace controller): deletes everything in it,
 * looks again until nothing is left (pods may take a grace period, finalizers may hold objects),
 * then removes the {@code kubernetes} finalizer so the apiserver removes the namespace.
 */
public final class NamespaceReconciler implements Reconciler {
  public static final String NAME = "namespace";
  static final Duration RECHECK = Duration.ofMillis(500);

  private final Store<Namespace> namespaces;
  private final NamespaceContent content;

  public NamespaceReconciler(Store<Namespace> namespaces, NamespaceContent content) {
    this.namespaces = namespaces;
    this.content = content;
  }

  public static Controller create(ControllerContext ctx, NamespaceContent content) {
    Informer<Namespace> ns = ctx.informers().informer(Namespace.class, "/registry/namespaces");
    Controller c = ctx.controller(NAME, new NamespaceReconciler(ns.store(), content));
    ns.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace n, boolean initial) {
        if (n.getMetadata().getDeletionTimestamp() != null) c.enqueue(n.getMetadata().getName());
      }

      @Override
      public void onUpdate(Namespace old, Namespace now) {
        if (now.getMetadata().getDeletionTimestamp() != null) c.enqueue(now.getMetadata().getName());
      }
    });
    return c;
  }

  @Override
  public Result reconcile(String name) {
    Optional<Namespace> cached = namespaces.get(name);
    if (cached.isEmpty() || cached.get().getMetadata().getDeletionTimestamp() == null) return Result.done();
    Namespace ns = cached.get();
    List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of()
        : ns.getSpec().getFinalizers();
    if (!finalizers.contains("kubernetes")) return Result.done();
    if (content.deleteAll(name) > 0) return Result.requeueAfter(RECHECK);
    content.finalizeNamespace(ns);
    return Result.done();
  }

}
