package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.PreFilterPlugin;
import io.capstan.scheduler.framework.PreScorePlugin;
import io.capstan.scheduler.framework.ScorePlugin;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * topologySpreadConstraints: DoNotSchedule constraints filter (count of matching pods in the
 * node's domain + 1 − the smallest domain's count must not exceed maxSkew; fewer domains than
 * minDomains count as a minimum of 0), ScheduleAnyway constraints score. Only nodes the pod's
 * nodeSelector/required node affinity admits and that carry every constraint's key are counted
 * (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore — the defaults). System default
 * constraints for pods without any are not applied.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  public static final String NAME = "PodTopologySpread";
  public static final String REASON = "node(s) didn't match pod topology spread constraints";
  public static final String MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
  private static final String STATE = NAME + "/prefilter";
  private static final String SCORE_STATE = NAME + "/prescore";

  /** Per constraint: matching-pod count per domain value. */
  static final class Counts implements CycleState.Copyable {
    final List<TopologySpreadConstraint> constraints;
    final List<Map<String, Integer>> perDomain = new ArrayList<>();

    Counts(List<TopologySpreadConstraint> constraints) {
      this.constraints = constraints;
      for (int i = 0; i < constraints.size(); i++) perDomain.add(new HashMap<>());
    }

    int min(int i) {
      TopologySpreadConstraint c = constraints.get(i);
      Map<String, Integer> d = perDomain.get(i);
      if (c.getMinDomains() != null && d.size() < c.getMinDomains()) return 0;
      int min = Integer.MAX_VALUE;
      for (int v : d.values()) min = Math.min(min, v);
      return min == Integer.MAX_VALUE ? 0 : min;
    }

    @Override
    public Counts copy() {
      Counts c = new Counts(constraints);
      for (int i = 0; i < perDomain.size(); i++) c.perDomain.get(i).putAll(perDomain.get(i));
      return c;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  private static List<TopologySpreadConstraint> constraints(Pod pod, String when) {
    List<TopologySpreadConstraint> out = new ArrayList<>();
    if (pod.getSpec().getTopologySpreadConstraints() != null) {
      for (TopologySpreadConstraint c : pod.getSpec().getTopologySpreadConstraints()) if (when.equals(c.getWhenUnsatisfiable())) out.add(c);
    }
    return out;
  }

  private static boolean eligible(Pod pod, NodeInfo n, List<TopologySpreadConstraint> cs) {
    if (n.node() == null || !NodeAffinityPlugin.requiredMatches(pod, n.node())) return false;
    Map<String, String> l = Selectors.labels(n.node().getMetadata().getLabels());
    for (TopologySpreadConstraint c : cs) if (!l.containsKey(c.getTopologyKey())) return false;
    return true;
  }

  private static Counts count(Pod pod, List<TopologySpreadConstraint> cs, List<NodeInfo> nodes) {
    Counts counts = new Counts(cs);
    for (NodeInfo n : nodes) {
      if (!eligible(pod, n, cs)) continue;
      Map<String, String> l = n.node().getMetadata().getLabels();
      for (int i = 0; i < cs.size(); i++) {
        int matching = 0;
        for (PodInfo p : n.pods()) if (matches(cs.get(i), pod, p)) matching++;
        counts.perDomain.get(i).merge(l.get(cs.get(i).getTopologyKey()), matching, Integer::sum);
      }
    }
    return counts;
  }

  private static boolean matches(TopologySpreadConstraint c, Pod incoming, PodInfo p) {
    return !p.terminating() && p.pod().getMetadata().getNamespace().equals(incoming.getMetadata().getNamespace())
        && Selectors.matches(c.getLabelSelector(), p.pod().getMetadata().getLabels());
  }

  @Override
  public Result preFilter(CycleState state, Pod pod, Snapshot snapshot) {
    List<TopologySpreadConstraint> cs = constraints(pod, "DoNotSchedule");
    if (cs.isEmpty()) return Result.of(Status.skip());
    state.write(STATE, count(pod, cs, snapshot.nodes()));
    return Result.of(Status.success());
  }

  @Override
  public Extensions extensions() {
    return new Extensions() {
      @Override
      public void addPod(CycleState state, Pod incoming, PodInfo added, NodeInfo node) {
        update(state, incoming, added, node, 1);
      }

      @Override
      public void removePod(CycleState state, Pod incoming, PodInfo removed, NodeInfo node) {
        update(state, incoming, removed, node, -1);
      }
    };
  }

  private static void update(CycleState state, Pod incoming, PodInfo p, NodeInfo node, int delta) {
    Counts c = state.read(STATE, Counts.class);
    if (c == null || !eligible(incoming, node, c.constraints)) return;
    for (int i = 0; i < c.constraints.size(); i++) {
      if (matches(c.constraints.get(i), incoming, p)) {
        c.perDomain.get(i).merge(node.node().getMetadata().getLabels().get(c.constraints.get(i).getTopologyKey()), delta, Integer::sum);
      }
    }
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    Counts c = state.read(STATE, Counts.class);
    if (c == null) return Status.success();
    Map<String, String> l = Selectors.labels(node.node().getMetadata().getLabels());
    for (int i = 0; i < c.constraints.size(); i++) {
      TopologySpreadConstraint tc = c.constraints.get(i);
      String v = l.get(tc.getTopologyKey());
      if (v == null) return Status.unresolvable(MISSING_LABEL);
      int self = Selectors.matches(tc.getLabelSelector(), pod.getMetadata().getLabels()) ? 1 : 0;
      int skew = c.perDomain.get(i).getOrDefault(v, 0) + self - c.min(i);
      if (skew > tc.getMaxSkew()) return Status.unschedulable(REASON);
    }
    return Status.success();
  }

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasible, Snapshot snapshot) {
    List<TopologySpreadConstraint> cs = constraints(pod, "ScheduleAnyway");
    if (cs.isEmpty()) return Status.skip();
    state.write(SCORE_STATE, count(pod, cs, snapshot.nodes()));
    return Status.success();
  }

  /** Matching pods in the node's domains, each constraint weighted by log(domains + 2); −1 if a key is missing. */
  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    Counts c = state.read(SCORE_STATE, Counts.class);
    if (c == null) return 0;
    Map<String, String> l = Selectors.labels(node.node().getMetadata().getLabels());
    double s = 0;
    for (int i = 0; i < c.constraints.size(); i++) {
      String v = l.get(c.constraints.get(i).getTopologyKey());
      if (v == null) return -1;
      s += c.perDomain.get(i).getOrDefault(v, 0) * Math.log(c.perDomain.get(i).size() + 2);
    }
    return Math.round(s);
  }

  /** Fewer matching pods score higher; nodes missing a key score 0. */
  @Override
  public void normalize(CycleState state, Pod pod, long[] scores) {
    long min = Long.MAX_VALUE, max = 0;
    for (long s : scores) {
      if (s < 0) continue;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] < 0) scores[i] = 0;
      else scores[i] = max == 0 ? MAX_SCORE : MAX_SCORE * (max + min - scores[i]) / max;
    }
  }
}
