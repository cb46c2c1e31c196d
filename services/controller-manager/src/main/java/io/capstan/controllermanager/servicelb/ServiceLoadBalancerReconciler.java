package io.capstan.controllermanager.servicelb;

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
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Publishes {@code status.loadBalancer.ingress} of {@code type: LoadBalancer} Services (the
 * service controller's job in Kubernetes' cloud controller manager), from a
 * {@link LoadBalancerStatusProvider}, through the status subresource. A Service that stops being
 * a LoadBalancer loses its ingress; one with a {@code loadBalancerClass} belongs to another
 * implementation and is left alone.
 */
public final class ServiceLoadBalancerReconciler implements Reconciler {
  public static final String NAME = "service-lb";

  private final Store<Service> services;
  private final LoadBalancerStatusProvider provider;
  private final ApiWriter writer;

  public ServiceLoadBalancerReconciler(Store<Service> services, LoadBalancerStatusProvider provider, ApiWriter writer) {
    this.services = services;
    this.provider = provider;
    this.writer = writer;
  }

  /** With the {@link NodePortLoadBalancer} over the nodes in {@code nodeScope}. */
  public static Controller create(ControllerContext ctx, Predicate<Node> nodeScope) {
    Informer<Node> nodes = ctx.informers().informer(Node.class, "/registry/nodes");
    return create(ctx, nodes, new NodePortLoadBalancer(nodes.store(), nodeScope));
  }

  static Controller create(ControllerContext ctx, Informer<Node> nodes, LoadBalancerStatusProvider provider) {
    Informer<Service> svcs = ctx.informers().informer(Service.class, "/registry/services");
    Controller c = ctx.controller(NAME, new ServiceLoadBalancerReconciler(svcs.store(), provider, ctx.writer()));
    svcs.addEventHandler(c.enqueueOnChange(Keys::of));
    // Node heartbeats are frequent: only a node coming, going, changing its address or its fitness
    // for traffic (readiness, cordon, exclusion label) moves the ingress.
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node n, boolean initial) {
        if (!initial) enqueueLoadBalancers();
      }

      @Override
      public void onUpdate(Node old, Node now) {
        if (!Objects.equals(NodePortLoadBalancer.internalIp(old), NodePortLoadBalancer.internalIp(now))
            || NodePortLoadBalancer.advertised(old) != NodePortLoadBalancer.advertised(now)) {
          enqueueLoadBalancers();
        }
      }

      @Override
      public void onDelete(Node n) {
        enqueueLoadBalancers();
      }

      private void enqueueLoadBalancers() {
        for (Service s : svcs.store().list()) {
          if (isLoadBalancer(s)) c.enqueue(Keys.of(s));
        }
      }
    });
    return c;
  }

  @Override
  public Result reconcile(String key) {
    Optional<Service> cached = services.get(key);
    if (cached.isEmpty()) return Result.done();
    Service s = cached.get();
    if (s.getMetadata().getDeletionTimestamp() != null) return Result.done();
    if (s.getSpec() != null && s.getSpec().getLoadBalancerClass() != null) return Result.done();
    List<LoadBalancerIngress> want = isLoadBalancer(s) ? provider.ingress(s) : List.of();
    if (want.equals(current(s))) return Result.done();
    Service copy = Copies.deep(s);
    if (copy.getStatus() == null) copy.setStatus(new ServiceStatus());
    copy.getStatus().setLoadBalancer(new LoadBalancerStatus(want.isEmpty() ? null : want));
    writer.updateStatus(copy);
    return Result.done();
  }

  static boolean isLoadBalancer(Service s) {
    return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType());
  }

  private static List<LoadBalancerIngress> current(Service s) {
    return Optional.ofNullable(s.getStatus()).map(ServiceStatus::getLoadBalancer).map(LoadBalancerStatus::getIngress)
        .orElse(List.of());
  }
}
