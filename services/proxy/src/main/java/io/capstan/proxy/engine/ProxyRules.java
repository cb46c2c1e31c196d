package io.capstan.proxy.engine;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the proxy should serve, computed from Services and EndpointSlices: a listener per cluster
 * IP and port (and per node port, on the node address), and per service port the endpoints to
 * forward to. Endpoints are the ready ones; when a service has none ready, its serving
 * terminating endpoints are used instead (as kube-proxy does, so a rolling update never drops
 * traffic). Headless, ExternalName and SCTP service ports get no listener.
 */
public record ProxyRules(Map<Listen, ServicePortName> listeners, Map<ServicePortName, PortRules> ports) {

  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** An address to bind. {@code nodePort} listeners bind the node address, not a cluster IP. */
  public record Listen(String protocol, String ip, int port, boolean nodePort) {}

  /** @param affinity null for sessionAffinity None */
  public record PortRules(List<Backend> backends, Duration affinity) {}

  public static ProxyRules compute(Collection<Service> services, Collection<EndpointSlice> slices, String nodeAddress) {
    Map<String, List<EndpointSlice>> byService = new HashMap<>();
    for (EndpointSlice s : slices) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc == null || !"IPv4".equals(s.getAddressType())) continue;
      byService.computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>()).add(s);
    }
    Map<Listen, ServicePortName> listeners = new LinkedHashMap<>();
    Map<ServicePortName, PortRules> ports = new LinkedHashMap<>();
    for (Service svc : services) {
      var spec = svc.getSpec();
      if (spec == null || spec.getPorts() == null || "ExternalName".equals(spec.getType())) continue;
      String ip = spec.getClusterIP();
      if (ip == null || ip.isEmpty() || "None".equals(ip)) continue;
      String ns = svc.getMetadata().getNamespace();
      Duration affinity = affinity(svc);
      List<EndpointSlice> mine = byService.getOrDefault(ns + "/" + svc.getMetadata().getName(), List.of());
      for (ServicePort p : spec.getPorts()) {
        String protocol = Objects.requireNonNullElse(p.getProtocol(), "TCP");
        if (!protocol.equals("TCP") && !protocol.equals("UDP")) continue;
        ServicePortName name = new ServicePortName(ns, svc.getMetadata().getName(),
            Objects.requireNonNullElse(p.getName(), ""), protocol);
        listeners.put(new Listen(protocol, ip, p.getPort(), false), name);
        if (p.getNodePort() != null && p.getNodePort() > 0) {
          listeners.put(new Listen(protocol, nodeAddress, p.getNodePort(), true), name);
        }
        ports.put(name, new PortRules(backends(mine, name), affinity));
      }
    }
    return new ProxyRules(listeners, ports);
  }

  private static Duration affinity(Service svc) {
    if (!"ClientIP".equals(svc.getSpec().getSessionAffinity())) return null;
    var cfg = svc.getSpec().getSessionAffinityConfig();
    Integer seconds = cfg == null || cfg.getClientIP() == null ? null : cfg.getClientIP().getTimeoutSeconds();
    return Duration.ofSeconds(seconds == null ? 10800 : seconds);
  }

  static List<Backend> backends(List<EndpointSlice> slices, ServicePortName name) {
    TreeSet<Backend> ready = new TreeSet<>();
    TreeSet<Backend> terminating = new TreeSet<>();
    for (EndpointSlice slice : slices) {
      Integer port = null;
      for (EndpointPort ep : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
        if (Objects.requireNonNullElse(ep.getName(), "").equals(name.port())
            && Objects.requireNonNullElse(ep.getProtocol(), "TCP").equals(name.protocol())) {
          port = ep.getPort();
        }
      }
      if (port == null || slice.getEndpoints() == null) continue;
      for (Endpoint e : slice.getEndpoints()) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) continue;
        Backend b = new Backend(e.getAddresses().get(0), port);
        var c = e.getConditions();
        boolean isReady = c == null || c.getReady() == null || c.getReady();
        if (isReady) {
          ready.add(b);
        } else if (c.getServing() != null && c.getServing() && Boolean.TRUE.equals(c.getTerminating())) {
          terminating.add(b);
        }
      }
    }
    return List.copyOf(ready.isEmpty() ? terminating : ready);
  }
}
