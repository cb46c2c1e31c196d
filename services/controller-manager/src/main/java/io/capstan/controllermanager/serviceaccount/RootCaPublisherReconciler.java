package io.capstan.controllermanager.serviceaccount;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes the cluster CA as ConfigMap {@code kube-root-ca.crt} (key {@code ca.crt}) in every
 * active namespace, and puts it back when it is changed or deleted (Kubernetes'
 * root-ca-cert-publisher). Pods use it to verify the apiserver. Keys are namespace names.
 */
public final class RootCaPublisherReconciler implements Reconciler {
  public static final String NAME = "root-ca-cert-publisher";
  public static final String CONFIG_MAP = "kube-root-ca.crt";

  private final Store<Namespace> namespaces;
  private final Store<ConfigMap> configMaps;
  private final ApiWriter writer;
  private final String caPem;

  public RootCaPublisherReconciler(Store<Namespace> namespaces, Store<ConfigMap> configMaps, ApiWriter writer, String caPem) {
    this.namespaces = namespaces;
    this.configMaps = configMaps;
    this.writer = writer;
    this.caPem = caPem;
  }

  public static Controller create(ControllerContext ctx, String caPem) {
    Informer<Namespace> ns = ctx.informers().informer(Namespace.class, "/registry/namespaces");
    Informer<ConfigMap> cms = ctx.informers().informer(ConfigMap.class, "/registry/configmaps");
    Controller c = ctx.controller(NAME, new RootCaPublisherReconciler(ns.store(), cms.store(), ctx.writer(), caPem));
    ns.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace n, boolean initial) {
        c.enqueue(n.getMetadata().getName());
      }
    });
    cms.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onUpdate(ConfigMap old, ConfigMap now) {
        if (CONFIG_MAP.equals(now.getMetadata().getName())) c.enqueue(now.getMetadata().getNamespace());
      }

      @Override
      public void onDelete(ConfigMap cm) {
        if (CONFIG_MAP.equals(cm.getMetadata().getName())) c.enqueue(cm.getMetadata().getNamespace());
      }
    });
    return c;
  }

  @Override
  public Result reconcile(String namespace) {
    Optional<Namespace> ns = namespaces.get(namespace);
    if (ns.isEmpty() || ns.get().getMetadata().getDeletionTimestamp() != null) return Result.done();
    Optional<ConfigMap> current = configMaps.get(Keys.of(namespace, CONFIG_MAP));
    try {
      if (current.isEmpty()) {
        writer.create(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
            .addToAnnotations("kubernetes.io/description", "Contains a CA bundle that can be used to verify the"
                + " kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc."
                + " No other usage is guaranteed across distributions of Kubernetes clusters.")
            .endMetadata().withData(Map.of("ca.crt", caPem)).build());
      } else if (!Map.of("ca.crt", caPem).equals(current.get().getData())) {
        ConfigMap copy = Copies.deep(current.get());
        copy.setData(Map.of("ca.crt", caPem));
        writer.update(copy);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) throw e;
    }
    return Result.done();
  }
}
