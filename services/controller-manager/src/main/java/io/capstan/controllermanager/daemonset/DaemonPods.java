package io.capstan.controllermanager.daemonset;

import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.NodeEligibility;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RevisionHistory;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daemon pods as Kubernetes makes them: the template plus the tolerations every daemon pod gets
 * (it must keep running on not-ready, unreachable, pressured and cordoned nodes), and a required
 * node affinity on {@code metadata.name} so the scheduler binds it to exactly its node.
 */
final class DaemonPods {
  private DaemonPods() {}

  /** Whether a node should get a daemon pod, and whether one already there may stay. */
  record Placement(boolean shouldRun, boolean shouldContinueRunning) {}

  static final List<Toleration> DEFAULT_TOLERATIONS = List.of(
      toleration("node.kubernetes.io/not-ready", "NoExecute"),
      toleration("node.kubernetes.io/unreachable", "NoExecute"),
      toleration("node.kubernetes.io/disk-pressure", "NoSchedule"),
      toleration("node.kubernetes.io/memory-pressure", "NoSchedule"),
      toleration("node.kubernetes.io/pid-pressure", "NoSchedule"),
      toleration("node.kubernetes.io/unschedulable", "NoSchedule"));

  private static Toleration toleration(String key, String effect) {
    return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
  }

  /** The template's spec with the daemon tolerations added (host-network pods also tolerate network-unavailable). */
  static PodSpec specWithTolerations(DaemonSet ds) {
    PodSpec spec = Copies.deep(ds.getSpec().getTemplate().getSpec());
    List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
    List<Toleration> wanted = new ArrayList<>(DEFAULT_TOLERATIONS);
    if (Boolean.TRUE.equals(spec.getHostNetwork())) wanted.add(toleration("node.kubernetes.io/network-unavailable", "NoSchedule"));
    for (Toleration t : wanted) {
      // Kubernetes replaces a toleration with the same key and effect rather than adding a twin.
      tolerations.removeIf(x -> t.getKey().equals(x.getKey()) && t.getEffect().equals(x.getEffect()));
      tolerations.add(t);
    }
    spec.setTolerations(tolerations);
    return spec;
  }

  /** Kubernetes' {@code NodeShouldRunDaemonPod}. */
  static Placement placement(DaemonSet ds, PodSpec spec, Node node) {
    String pinned = ds.getSpec().getTemplate().getSpec().getNodeName();
    if (pinned != null && !pinned.isEmpty() && !pinned.equals(node.getMetadata().getName())) return new Placement(false, false);
    if (!NodeEligibility.matchesSelectorAndAffinity(spec, node)) return new Placement(false, false);
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (NodeEligibility.untolerated(taints, spec.getTolerations(), NodeEligibility::isNoScheduleOrNoExecute).isEmpty()) {
      return new Placement(true, true);
    }
    // A daemon pod already there stays unless a NoExecute taint would evict it anyway.
    return new Placement(false, NodeEligibility.untolerated(taints, spec.getTolerations(), NodeEligibility::isNoExecute).isEmpty());
  }

  static Pod newPod(DaemonSet ds, PodSpec specWithTolerations, String nodeName, String hash) {
    Map<String, String> labels = new LinkedHashMap<>();
    var meta = ds.getSpec().getTemplate().getMetadata();
    if (meta != null && meta.getLabels() != null) labels.putAll(meta.getLabels());
    labels.put(RevisionHistory.HASH_LABEL, hash);
    PodSpec spec = Copies.deep(specWithTolerations);
    spec.setAffinity(pinnedTo(spec.getAffinity(), nodeName));
    return new PodBuilder().withNewMetadata().withGenerateName(ds.getMetadata().getName() + "-")
        .withNamespace(ds.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(meta == null || meta.getAnnotations() == null ? null : new LinkedHashMap<>(meta.getAnnotations()))
        .withOwnerReferences(OwnerRefs.controllerRef(ds)).endMetadata()
        .withSpec(spec).build();
  }

  /**
   * Kubernetes' {@code ReplaceDaemonSetPodNodeNameNodeAffinity}: the required terms become one
   * {@code metadata.name In [node]} term (the node was already checked against the originals).
   */
  static Affinity pinnedTo(Affinity affinity, String nodeName) {
    NodeSelectorTerm term = new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
        .withKey("metadata.name").withOperator("In").withValues(nodeName).build()).build();
    Affinity a = affinity == null ? new Affinity() : affinity;
    if (a.getNodeAffinity() == null) a.setNodeAffinity(new NodeAffinity());
    a.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(new ArrayList<>(List.of(term))));
    return a;
  }

  /** The node a daemon pod is for: its nodeName once bound, else its {@code metadata.name} affinity. */
  static String targetNode(Pod p) {
    if (p.getSpec() == null) return null;
    if (p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()) return p.getSpec().getNodeName();
    Affinity a = p.getSpec().getAffinity();
    if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return null;
    }
    List<NodeSelectorTerm> terms = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    if (terms == null) return null;
    for (NodeSelectorTerm t : terms) {
      if (t.getMatchFields() == null) continue;
      for (var r : t.getMatchFields()) {
        if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null
            && r.getValues().size() == 1) {
          return r.getValues().get(0);
        }
      }
    }
    return null;
  }
}
