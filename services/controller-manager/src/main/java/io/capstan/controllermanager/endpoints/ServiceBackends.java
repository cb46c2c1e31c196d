package io.capstan.controllermanager.endpoints;

import io.capstan.controllermanager.framework.PodStates;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pods behind a Service and the ports they serve it on: pods selected by the Service's
 * selector that have an IP and are not finished; a named targetPort resolves per pod through
 * its containers' ports, as in Kubernetes (pods without that port are left out of that port).
 */
final class ServiceBackends {
  record Backend(Pod pod, boolean ready, boolean terminating) {}

  /** One service port resolved on one pod. */
  record ResolvedPort(String name, int port, String protocol, String appProtocol) {}

  private ServiceBackends() {}

  static boolean selects(Service s, Pod p) {
    Map<String, String> selector = s.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) return false;
    Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    return labels.entrySet().containsAll(selector.entrySet());
  }

  static List<Backend> backends(Service s, List<Pod> podsInNamespace) {
    List<Backend> out = new ArrayList<>();
    boolean publishNotReady = Boolean.TRUE.equals(s.getSpec().getPublishNotReadyAddresses());
    for (Pod p : podsInNamespace) {
      if (!selects(s, p)) continue;
      if (p.getStatus() == null || p.getStatus().getPodIP() == null || p.getStatus().getPodIP().isEmpty()) continue;
      String phase = PodStates.phase(p);
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) continue;
      boolean terminating = p.getMetadata().getDeletionTimestamp() != null;
      boolean ready = publishNotReady || (PodStates.isReady(p) && !terminating);
      out.add(new Backend(p, ready, terminating));
    }
    out.sort((a, b) -> a.pod().getStatus().getPodIP().compareTo(b.pod().getStatus().getPodIP()));
    return out;
  }

  static List<ResolvedPort> ports(Service s, Pod p) {
    List<ResolvedPort> out = new ArrayList<>();
    if (s.getSpec().getPorts() == null) return out;
    for (ServicePort sp : s.getSpec().getPorts()) {
      Integer port = resolve(sp.getTargetPort(), sp.getPort(), p);
      if (port == null) continue;
      out.add(new ResolvedPort(sp.getName(), port, Objects.requireNonNullElse(sp.getProtocol(), "TCP"),
          sp.getAppProtocol()));
    }
    return out;
  }

  private static Integer resolve(IntOrString target, Integer servicePort, Pod p) {
    if (target == null) return servicePort;
    if (target.getIntVal() != null) return target.getIntVal();
    String name = target.getStrVal();
    if (name == null || name.isEmpty()) return servicePort;
    if (name.chars().allMatch(Character::isDigit)) return Integer.parseInt(name);
    for (Container c : p.getSpec().getContainers()) {
      if (c.getPorts() == null) continue;
      for (ContainerPort cp : c.getPorts()) {
        if (name.equals(cp.getName())) return cp.getContainerPort();
      }
    }
    return null;
  }
}
