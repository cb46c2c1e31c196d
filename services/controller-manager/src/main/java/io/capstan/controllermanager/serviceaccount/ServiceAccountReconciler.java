package io.capstan.controllermanager.serviceaccount;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Keeps a {@code default} ServiceAccount in every active namespace (Kubernetes' serviceaccounts
 * controller): created with the namespace, and again if someone deletes it. Keys are namespace
 * names.
 */
public final class ServiceAccountReconciler implements Reconciler {
  public static final String NAME = "serviceaccount";
  static final String DEFAULT = "default";

  private final Store<Namespace> namespaces;
  private final Store<ServiceAccount> serviceAccounts;
  private final ApiWriter writer;

  public ServiceAccountReconciler(Store<Namespace> namespaces, Store<ServiceAccount> serviceAccounts, ApiWriter writer) {
    this.namespaces = namespaces;
    this.serviceAccounts = serviceAccounts;
    this.writer = writer;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<Namespace> ns = ctx.informers().informer(Namespace.class, "/registry/namespaces");
    Informer<ServiceAccount> sas = ctx.informers().informer(ServiceAccount.class, "/registry/serviceaccounts");
    Controller c = ctx.controller(NAME, new ServiceAccountReconciler(ns.store(), sas.store(), ctx.writer()));
    ns.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace n, boolean initial) {
        c.enqueue(n.getMetadata().getName());
      }
    });
    sas.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onDelete(ServiceAccount sa) {
        if (DEFAULT.equals(sa.getMetadata().getName())) c.enqueue(sa.getMetadata().getNamespace());
      }
    });
    return c;
  }

  @Override
  public Result reconcile(String namespace) {
    Optional<Namespace> ns = namespaces.get(namespace);
    if (ns.isEmpty() || ns.get().getMetadata().getDeletionTimestamp() != null) return Result.done();
    if (serviceAccounts.get(Keys.of(namespace, DEFAULT)).isPresent()) return Result.done();
    try {
      writer.create(new ServiceAccountBuilder().withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata()
          .build());
    } catch (KubernetesClientException e) {
      // 409: it exists (the cache lags); 403/404: the namespace is terminating or gone.
      if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) throw e;
    }
    return Result.done();
  }
}
