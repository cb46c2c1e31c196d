package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.FrameworkHandle;
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

  private final FrameworkHandle handle;

  public PodTopologySpread() {
    this(null);
  }

  /** @param handle lends the scheduler's workers to the per-node count; null counts on the caller's thread */
  public PodTopologySpread(FrameworkHandle handle) {
    this.handle = handle;
  }

  /** One constraint with its selector compiled once per cycle. */
  record Constraint(TopologySpreadConstraint spec, CompiledSelector selector) {
    String key() {
      return spec.getTopologyKey();
    }
  }

  /**
   * Per constraint: matching-pod count per domain value, the smallest count (kept current so
   * Filter, which runs once per node, does not rescan every domain), and whether the incoming pod
   * itself matches.
   */
  static final class Counts implements CycleState.Copyable {
    final List<Constraint> constraints;
    final List<Map<String, Integer>> perDomain = new ArrayList<>();
    final boolean[] selfMatches;
    private final int[] min;

    Counts(List<Constraint> constraints, Pod incoming) {
      this.constraints = constraints;
      this.selfMatches = new boolean[constraints.size()];
      this.min = new int[constraints.size()];
      for (int i = 0; i < constraints.size(); i++) {
        perDomain.add(new HashMap<>());
        selfMatches[i] = constraints.get(i).selector().matches(incoming.getMetadata().getLabels());
      }
    }

    private Counts(Counts from) {
      this.constraints = from.constraints;
      this.selfMatches = from.selfMatches;
      this.min = from.min.clone();
      for (Map<String, Integer> d : from.perDomain) perDomain.add(new HashMap<>(d));
    }

    int min(int i) {
      return min[i];
    }

    /** Fewer domains than minDomains count as a minimum of 0. */
    void recomputeMin() {
      for (int i = 0; i < constraints.size(); i++) {
        Integer minDomains = constraints.get(i).spec().getMinDomains();
        Map<String, Integer> d = perDomain.get(i);
        int m = Integer.MAX_VALUE;
        for (int v : d.values()) m = Math.min(m, v);
        min[i] = (minDomains != null && d.size() < minDomains) || m == Integer.MAX_VALUE ? 0 : m;
      }
    }

    @Override
    public Counts copy() {
      return new Counts(this);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  private static List<Constraint> constraints(Pod pod, String when) {
    List<Constraint> out = new ArrayList<>();
    if (pod.getSpec().getTopologySpreadConstraints() != null) {
      for (TopologySpreadConstraint c : pod.getSpec().getTopologySpreadConstraints()) {
        if (when.equals(c.getWhenUnsatisfiable())) out.add(new Constraint(c, CompiledSelector.of(c.getLabelSelector())));
      }
    }
    return out;
  }

  private static boolean eligible(Pod pod, NodeInfo n, List<Constraint> cs) {
    if (n.node() == null || !NodeAffinityPlugin.requiredMatches(pod, n.node())) return false;
    Map<String, String> l = Selectors.labels(n.node().getMetadata().getLabels());
    for (Constraint c : cs) if (!l.containsKey(c.key())) return false;
    return true;
  }

  /**
   * Counts every eligible node's matching pods on the scheduler's workers (each worker writes
   * only its own nodes' slots), then sums the slots into domains on the caller's thread.
   */
  private Counts count(Pod pod, List<Constraint> cs, List<NodeInfo> nodes) {
    List<int[]> perNode = PerNodeWork.map(handle, nodes, n -> countOnNode(pod, cs, n));
    Counts counts = new Counts(cs, pod);
    for (int n = 0; n < perNode.size(); n++) {
      if (perNode.get(n) == null) continue;
      Map<String, String> l = nodes.get(n).node().getMetadata().getLabels();
      for (int i = 0; i < cs.size(); i++) counts.perDomain.get(i).merge(l.get(cs.get(i).key()), perNode.get(n)[i], Integer::sum);
    }
    counts.recomputeMin();
    return counts;
  }

  /** @return matching pods per constraint, or null when the node does not count for spreading */
  private static int[] countOnNode(Pod pod, List<Constraint> cs, NodeInfo n) {
    if (!eligible(pod, n, cs)) return null;
    int[] matching = new int[cs.size()];
    String namespace = pod.getMetadata().getNamespace();
    for (PodInfo p : n.pods()) {
      if (p.terminating() || !namespace.equals(p.pod().getMetadata().getNamespace())) continue;
      for (int i = 0; i < cs.size(); i++) if (cs.get(i).selector().matches(p.pod().getMetadata().getLabels())) matching[i]++;
    }
    return matching;
  }

  private static boolean matches(Constraint c, Pod incoming, PodInfo p) {
    return !p.terminating() && p.pod().getMetadata().getNamespace().equals(incoming.getMetadata().getNamespace())
        && c.selector().matches(p.pod().getMetadata().getLabels());
  }

  @Override
  public Result preFilter(CycleState state, Pod pod, Snapshot snapshot) {
    List<Constraint> cs = constraints(pod, "DoNotSchedule");
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
        c.perDomain.get(i).merge(node.node().getMetadata().getLabels().get(c.constraints.get(i).key()), delta, Integer::sum);
      }
    }
    c.recomputeMin();
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    Counts c = state.read(STATE, Counts.class);
    if (c == null) return Status.success();
    Map<String, String> l = Selectors.labels(node.node().getMetadata().getLabels());
    for (int i = 0; i < c.constraints.size(); i++) {
      Constraint tc = c.constraints.get(i);
      String v = l.get(tc.key());
      if (v == null) return Status.unresolvable(MISSING_LABEL);
      int self = c.selfMatches[i] ? 1 : 0;
      int skew = c.perDomain.get(i).getOrDefault(v, 0) + self - c.min(i);
      if (skew > tc.spec().getMaxSkew()) return Status.unschedulable(REASON);
    }
    return Status.success();
  }

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasible, Snapshot snapshot) {
    List<Constraint> cs = constraints(pod, "ScheduleAnyway");
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
      String v = l.get(c.constraints.get(i).key());
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
