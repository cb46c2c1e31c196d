package io.capstan.controllermanager.endpoints;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.SharedInformers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the EndpointSlices of each Service with a selector (Kubernetes' endpointslice
 * controller): IPv4 slices labelled {@code kubernetes.io/service-name} and
 * {@code endpointslice.kubernetes.io/managed-by}, owned by the Service (so the garbage collector
 * removes them with it), one slice per distinct port set, with ready/serving/terminating
 * conditions per pod.
 */
public final class EndpointSliceReconciler implements Reconciler {
  public static final String NAME = "endpointslice";
  static final String SERVICE_NAME = "kubernetes.io/service-name";
  static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  static final String CONTROLLER = "endpointslice-controller.k8s.io";

  private final Store<Service> services;
  private final Store<Pod> pods;
  private final Store<EndpointSlice> slices;
  private final ApiWriter writer;

  public EndpointSliceReconciler(Store<Service> services, Store<Pod> pods, Store<EndpointSlice> slices, ApiWriter writer) {
    this.services = services;
    this.pods = pods;
    this.slices = slices;
    this.writer = writer;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<Service> svcs = ctx.informers().informer(Service.class, "/registry/services");
    Informer<Pod> pods = ctx.informers().informer(Pod.class, "/registry/pods");
    Informer<EndpointSlice> slices = ctx.informers().informer(EndpointSlice.class, "/registry/discovery.k8s.io/endpointslices");
    Controller c = ctx.controller(NAME, new EndpointSliceReconciler(svcs.store(), pods.store(), slices.store(), ctx.writer()));
    svcs.addEventHandler(ServiceEvents.services(c));
    pods.addEventHandler(ServiceEvents.pods(c, svcs.store()));
    // Every change to a slice re-checks its Service: two reconciles that both ran before the
    // cache saw the first one's new slice create two slices, and the added one must trigger the
    // reconcile that removes the extra.
    slices.addEventHandler(c.enqueueOnChange(EndpointSliceReconciler::serviceKey));
    return c;
  }

  /** The key of the Service a slice belongs to, or null for a slice without the label. */
  private static String serviceKey(EndpointSlice s) {
    String svc = s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(SERVICE_NAME);
    return svc == null ? null : Keys.of(s.getMetadata().getNamespace(), svc);
  }

  @Override
  public Result reconcile(String key) {
    var svc = services.get(key);
    // A deleted Service's slices go with it through their ownerReference (garbage collector).
    if (svc.isEmpty()) return Result.done();
    Service s = svc.get();
    if (s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) return Result.done();
    List<EndpointSlice> existing = new ArrayList<>(slices.byIndex(SharedInformers.BY_CONTROLLER, s.getMetadata().getUid())
        .stream().filter(x -> CONTROLLER.equals(label(x, MANAGED_BY))).toList());
    Map<List<EndpointPort>, List<Endpoint>> desired = desired(s, pods.inNamespace(s.getMetadata().getNamespace()));
    if (desired.isEmpty()) desired.put(List.of(), List.of());
    try {
      for (Map.Entry<List<EndpointPort>, List<Endpoint>> e : desired.entrySet()) {
        EndpointSlice match = existing.stream().filter(x -> samePorts(x.getPorts(), e.getKey())).findFirst()
            .orElse(existing.isEmpty() ? null : existing.get(0));
        if (match == null) {
          writer.create(new EndpointSliceBuilder().withNewMetadata().withGenerateName(s.getMetadata().getName() + "-")
              .withNamespace(s.getMetadata().getNamespace()).withLabels(labels(s))
              .withOwnerReferences(OwnerRefs.controllerRef(s)).endMetadata()
              .withAddressType("IPv4").withPorts(e.getKey()).withEndpoints(e.getValue()).build());
        } else {
          existing.remove(match);
          if (!json(match.getPorts()).equals(json(e.getKey())) || !json(match.getEndpoints()).equals(json(e.getValue()))
              || !Objects.equals(match.getMetadata().getLabels(), labels(s))) {
            EndpointSlice copy = Copies.deep(match);
            copy.setPorts(e.getKey());
            copy.setEndpoints(e.getValue());
            copy.getMetadata().setLabels(labels(s));
            writer.update(copy);
          }
        }
      }
      for (EndpointSlice stale : existing) {
        writer.delete(EndpointSlice.class, stale.getMetadata().getNamespace(), stale.getMetadata().getName(), null);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) throw e;
      return Result.requeueAfter(Duration.ofMillis(200));
    }
    return Result.done();
  }

  private static String json(Object o) {
    return Copies.serialization().asJson(o == null ? List.of() : o);
  }

  private static boolean samePorts(List<EndpointPort> a, List<EndpointPort> b) {
    return json(a).equals(json(b));
  }

  private static String label(EndpointSlice s, String key) {
    return s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(key);
  }

  private static Map<String, String> labels(Service s) {
    Map<String, String> l = new LinkedHashMap<>(s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels());
    l.put(SERVICE_NAME, s.getMetadata().getName());
    l.put(MANAGED_BY, CONTROLLER);
    if ("None".equals(s.getSpec().getClusterIP())) l.put("service.kubernetes.io/headless", "");
    return l;
  }

  static Map<List<EndpointPort>, List<Endpoint>> desired(Service s, List<Pod> podsInNamespace) {
    Map<List<EndpointPort>, List<Endpoint>> out = new LinkedHashMap<>();
    for (ServiceBackends.Backend b : ServiceBackends.backends(s, podsInNamespace)) {
      List<ServiceBackends.ResolvedPort> resolved = ServiceBackends.ports(s, b.pod());
      if (resolved.isEmpty()) continue;
      List<EndpointPort> ports = resolved.stream().map(rp -> new EndpointPortBuilder().withName(rp.name()).withPort(rp.port())
          .withProtocol(rp.protocol()).withAppProtocol(rp.appProtocol()).build()).toList();
      Pod p = b.pod();
      boolean serving = io.capstan.controllermanager.framework.PodStates.isReady(p);
      Endpoint ep = new EndpointBuilder().withAddresses(p.getStatus().getPodIP())
          .withNewConditions().withReady(b.ready()).withServing(serving).withTerminating(b.terminating()).endConditions()
          .withHostname(hostname(s, p)).withNodeName(p.getSpec().getNodeName()).withNewTargetRef().withKind("Pod")
          .withNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
          .withUid(p.getMetadata().getUid()).endTargetRef().build();
      out.computeIfAbsent(ports, k -> new ArrayList<>()).add(ep);
    }
    return out;
  }

  /** A pod's DNS name under the service: its hostname when its subdomain is this service (StatefulSet pods). */
  static String hostname(Service s, Pod p) {
    String h = p.getSpec().getHostname();
    if (h == null || h.isEmpty() || !s.getMetadata().getName().equals(p.getSpec().getSubdomain())) return null;
    return h;
  }
}
