package io.capstan.apiserver.admission.noderestriction;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Which Node labels a node may set on itself: nothing under {@code node-restriction.kubernetes.io/}
 * (administrators use that prefix to steer workloads to nodes they trust, so a node must not claim
 * it), and of the {@code kubernetes.io}/{@code k8s.io} namespaces only the labels the kubelet itself
 * reports. Labels outside those namespaces are the node's own business.
 */
final class NodeLabels {
  static final String RESTRICTED_NAMESPACE = "node-restriction.kubernetes.io";
  private static final Set<String> KUBELET_LABELS = Set.of(
      "kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch",
      "beta.kubernetes.io/os", "beta.kubernetes.io/arch", "beta.kubernetes.io/instance-type",
      "node.kubernetes.io/instance-type", "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
      "failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone");
  private static final Set<String> KUBELET_NAMESPACES = Set.of("kubelet.kubernetes.io", "node.kubernetes.io");

  private NodeLabels() {}

  /** The keys whose value differs between the two label maps (added, removed or changed), sorted. */
  static Set<String> modified(JsonNode labels, JsonNode oldLabels) {
    Map<String, String> now = asMap(labels);
    Map<String, String> before = asMap(oldLabels);
    Set<String> keys = new TreeSet<>(now.keySet());
    keys.addAll(before.keySet());
    keys.removeIf(k -> Objects.equals(now.get(k), before.get(k)));
    return keys;
  }

  /** Of {@code keys}, those a node may not add, change or remove, sorted. */
  static Set<String> forbidden(Set<String> keys) {
    Set<String> out = new TreeSet<>();
    for (String key : keys) {
      String ns = namespaceOf(key);
      boolean restricted = ns.equals(RESTRICTED_NAMESPACE) || ns.endsWith("." + RESTRICTED_NAMESPACE);
      if (restricted || (isKubernetesNamespace(ns) && !isKubeletLabel(key, ns))) out.add(key);
    }
    return out;
  }

  private static boolean isKubeletLabel(String key, String ns) {
    if (KUBELET_LABELS.contains(key)) return true;
    for (String allowed : KUBELET_NAMESPACES) if (ns.equals(allowed) || ns.endsWith("." + allowed)) return true;
    return false;
  }

  private static boolean isKubernetesNamespace(String ns) {
    return ns.equals("kubernetes.io") || ns.endsWith(".kubernetes.io") || ns.equals("k8s.io") || ns.endsWith(".k8s.io");
  }

  private static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  private static Map<String, String> asMap(JsonNode labels) {
    Map<String, String> out = new java.util.HashMap<>();
    if (labels != null && labels.isObject()) labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
    return out;
  }
}
