package io.capstan.controllermanager.endpoints;

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
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps an Endpoints object per Service with a selector (Kubernetes' endpoints controller): ready
 * pod IPs in {@code addresses}, the others in {@code notReadyAddresses}, grouped into subsets by
 * the ports they resolve to. Services without a selector keep hand-written Endpoints.
 */
public final class EndpointsReconciler implements Reconciler {
  public static final String NAME = "endpoints";

  private final Store<Service> services;
  private final Store<Pod> pods;
  private final Store<Endpoints> endpoints;
  private final ApiWriter writer;

  public EndpointsReconciler(Store<Service> services, Store<Pod> pods, Store<Endpoints> endpoints, ApiWriter writer) {
    this.services = services;
    this.pods = pods;
    this.endpoints = endpoints;
    this.writer = writer;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<Service> svcs = ctx.informers().informer(Service.class, "/registry/services");
    Informer<Pod> pods = ctx.informers().informer(Pod.class, "/registry/pods");
    Informer<Endpoints> eps = ctx.informers().informer(Endpoints.class, "/registry/endpoints");
    Controller c = ctx.controller(NAME, new EndpointsReconciler(svcs.store(), pods.store(), eps.store(), ctx.writer()));
    svcs.addEventHandler(ServiceEvents.services(c));
    pods.addEventHandler(ServiceEvents.pods(c, svcs.store()));
    eps.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onDelete(Endpoints e) {
        c.enqueue(Keys.of(e));
      }
    });
    return c;
  }

  @Override
  public Result reconcile(String key) {
    Optional<Service> svc = services.get(key);
    Optional<Endpoints> current = endpoints.get(key);
    if (svc.isEmpty()) {
      current.ifPresent(e -> writer.delete(Endpoints.class, e.getMetadata().getNamespace(), e.getMetadata().getName(), null));
      return Result.done();
    }
    Service s = svc.get();
    if (s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) return Result.done();
    List<EndpointSubset> subsets = subsets(s, pods.inNamespace(s.getMetadata().getNamespace()));
    Map<String, String> labels = new LinkedHashMap<>(s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels());
    if ("None".equals(s.getSpec().getClusterIP())) labels.put("service.kubernetes.io/headless", "");
    try {
      if (current.isEmpty()) {
        writer.create(new EndpointsBuilder().withNewMetadata().withName(s.getMetadata().getName())
            .withNamespace(s.getMetadata().getNamespace()).withLabels(labels).endMetadata().withSubsets(subsets).build());
      } else if (!same(current.get().getSubsets(), subsets) || !Objects.equals(current.get().getMetadata().getLabels(), labels)) {
        Endpoints copy = Copies.deep(current.get());
        copy.setSubsets(subsets);
        copy.getMetadata().setLabels(labels);
        writer.update(copy);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) throw e;
      // Written meanwhile or the namespace is going away: the next event brings the key back.
      return Result.requeueAfter(java.time.Duration.ofMillis(200));
    }
    return Result.done();
  }

  private static boolean same(List<EndpointSubset> a, List<EndpointSubset> b) {
    return Copies.serialization().asJson(a == null ? List.of() : a).equals(Copies.serialization().asJson(b));
  }

  static List<EndpointSubset> subsets(Service s, List<Pod> podsInNamespace) {
    Map<List<ServiceBackends.ResolvedPort>, EndpointSubset> byPorts = new LinkedHashMap<>();
    for (ServiceBackends.Backend b : ServiceBackends.backends(s, podsInNamespace)) {
      List<ServiceBackends.ResolvedPort> ports = ServiceBackends.ports(s, b.pod());
      if (ports.isEmpty()) continue;
      EndpointSubset subset = byPorts.computeIfAbsent(ports, p -> {
        EndpointSubset e = new EndpointSubset();
        List<EndpointPort> eps = new ArrayList<>();
        for (ServiceBackends.ResolvedPort rp : p) {
          eps.add(new EndpointPortBuilder().withName(rp.name()).withPort(rp.port()).withProtocol(rp.protocol())
              .withAppProtocol(rp.appProtocol()).build());
        }
        e.setPorts(eps);
        e.setAddresses(new ArrayList<>());
        e.setNotReadyAddresses(new ArrayList<>());
        return e;
      });
      Pod p = b.pod();
      EndpointAddress address = new EndpointAddressBuilder().withIp(p.getStatus().getPodIP())
          .withNodeName(p.getSpec().getNodeName()).withNewTargetRef().withKind("Pod")
          .withNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
          .withUid(p.getMetadata().getUid()).endTargetRef().build();
      (b.ready() ? subset.getAddresses() : subset.getNotReadyAddresses()).add(address);
    }
    List<EndpointSubset> out = new ArrayList<>(byPorts.values());
    for (EndpointSubset e : out) {
      if (e.getAddresses().isEmpty()) e.setAddresses(null);
      if (e.getNotReadyAddresses().isEmpty()) e.setNotReadyAddresses(null);
    }
    return out;
  }

}
