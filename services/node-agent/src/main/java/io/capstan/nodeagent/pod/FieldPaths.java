package io.capstan.nodeagent.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The downward API: values of fieldRef and resourceFieldRef for env and downwardAPI volumes. */
public final class FieldPaths {
  private FieldPaths() {}

  /** @param podIp and hostIp are known only once the sandbox runs (env is resolved after it) */
  public static String field(Pod pod, String path, String podIp, String hostIp) {
    var m = pod.getMetadata();
    if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
      return value(m.getLabels(), path.substring(17, path.length() - 2));
    }
    if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
      return value(m.getAnnotations(), path.substring(22, path.length() - 2));
    }
    return switch (path) {
      case "metadata.name" -> m.getName();
      case "metadata.namespace" -> m.getNamespace();
      case "metadata.uid" -> m.getUid();
      case "metadata.labels" -> lines(m.getLabels());
      case "metadata.annotations" -> lines(m.getAnnotations());
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs" -> podIp;
      case "status.hostIP", "status.hostIPs" -> hostIp;
      default -> throw new IllegalArgumentException("unsupported fieldPath " + path);
    };
  }

  private static String value(Map<String, String> map, String key) {
    return map == null ? "" : map.getOrDefault(key, "");
  }

  /** {@code key="value"} lines sorted by key, as the kubelet writes labels and annotations. */
  private static String lines(Map<String, String> map) {
    if (map == null) return "";
    return new TreeMap<>(map).entrySet().stream()
        .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"")
        .collect(Collectors.joining("\n"));
  }

  /**
   * A container's request or limit divided by the divisor, rounded up. A missing limit is the
   * node's allocatable, as in Kubernetes.
   */
  public static String resource(Pod pod, ResourceFieldSelector sel, Container self, Map<String, Quantity> allocatable) {
    Container c = self;
    if (sel.getContainerName() != null && !sel.getContainerName().isEmpty()) {
      c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(sel.getContainerName())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no container " + sel.getContainerName()));
    }
    String res = sel.getResource();
    boolean limit = res.startsWith("limits.");
    String name = res.substring(res.indexOf('.') + 1);
    Map<String, Quantity> source = c.getResources() == null ? null
        : limit ? c.getResources().getLimits() : c.getResources().getRequests();
    Quantity q = source == null ? null : source.get(name);
    if (q == null) q = limit ? allocatable.get(name) : new Quantity("0");
    if (q == null) q = new Quantity("0");
    BigDecimal divisor = sel.getDivisor() == null ? BigDecimal.ONE : sel.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) divisor = BigDecimal.ONE;
    return q.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }
}
