package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.ScorePlugin;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.Map;

/** spec.nodeSelector and required node affinity filter; preferred terms score (sum of matching weights). */
public final class NodeAffinityPlugin implements FilterPlugin, ScorePlugin {
  public static final String NAME = "NodeAffinity";
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public String name() {
    return NAME;
  }

  /** Also used by PodTopologySpread, which counts only nodes the pod could land on. */
  public static boolean requiredMatches(Pod pod, Node node) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null && !selector.isEmpty()) {
      Map<String, String> labels = Selectors.labels(node.getMetadata().getLabels());
      for (Map.Entry<String, String> e : selector.entrySet()) if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    NodeAffinity a = pod.getSpec().getAffinity() == null ? null : pod.getSpec().getAffinity().getNodeAffinity();
    if (a == null || a.getRequiredDuringSchedulingIgnoredDuringExecution() == null) return true;
    var terms = a.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    return terms == null || terms.isEmpty() || Selectors.matchesAnyTerm(terms, node);
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    return requiredMatches(pod, node.node()) ? Status.success() : Status.unresolvable(REASON);
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    NodeAffinity a = pod.getSpec().getAffinity() == null ? null : pod.getSpec().getAffinity().getNodeAffinity();
    if (a == null || a.getPreferredDuringSchedulingIgnoredDuringExecution() == null) return 0;
    long sum = 0;
    for (PreferredSchedulingTerm t : a.getPreferredDuringSchedulingIgnoredDuringExecution()) {
      if (t.getWeight() != null && t.getWeight() != 0 && Selectors.matchesTerm(t.getPreference(), node.node())) sum += t.getWeight();
    }
    return sum;
  }

  @Override
  public void normalize(CycleState state, Pod pod, long[] scores) {
    ScorePlugin.defaultNormalize(MAX_SCORE, false, scores);
  }
}
