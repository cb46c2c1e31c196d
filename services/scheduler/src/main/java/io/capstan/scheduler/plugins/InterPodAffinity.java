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
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required pod affinity and anti-affinity (the incoming pod's, and existing pods' anti-affinity
 * towards it) per topology domain, precomputed in PreFilter as counts per "topologyKey=value";
 * preferred terms (both directions) score.
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  public static final String NAME = "InterPodAffinity";
  public static final String AFFINITY_REASON = "node(s) didn't match pod affinity rules";
  public static final String ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
  public static final String EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
  private static final String STATE = NAME + "/prefilter";
  private static final String SCORE_STATE = NAME + "/prescore";

  /** Counts per "key=value" (affinity per term index: "i|key=value"). */
  static final class Counts implements CycleState.Copyable {
    final Map<String, Integer> existingAnti = new HashMap<>();
    final Map<String, Integer> affinity = new HashMap<>();
    final Map<String, Integer> anti = new HashMap<>();

    boolean isEmpty() {
      return existingAnti.isEmpty() && affinity.isEmpty() && anti.isEmpty();
    }

    void addAll(Counts other) {
      other.existingAnti.forEach((k, v) -> existingAnti.merge(k, v, Integer::sum));
      other.affinity.forEach((k, v) -> affinity.merge(k, v, Integer::sum));
      other.anti.forEach((k, v) -> anti.merge(k, v, Integer::sum));
    }

    @Override
    public Counts copy() {
      Counts c = new Counts();
      c.existingAnti.putAll(existingAnti);
      c.affinity.putAll(affinity);
      c.anti.putAll(anti);
      return c;
    }
  }

  private final FrameworkHandle handle;

  public InterPodAffinity() {
    this(null);
  }

  /** @param handle lends the scheduler's workers to the per-node counts; null counts on the caller's thread */
  public InterPodAffinity(FrameworkHandle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  private static String label(NodeInfo n, String key) {
    return Selectors.labels(n.node().getMetadata().getLabels()).get(key);
  }

  @Override
  public Result preFilter(CycleState state, Pod pod, Snapshot snapshot) {
    Counts c = new Counts();
    boolean own = !AffinityTerms.requiredAffinity(pod).isEmpty() || !AffinityTerms.requiredAntiAffinity(pod).isEmpty();
    List<NodeInfo> nodes = own ? snapshot.nodes() : snapshot.nodesWithPodsWithRequiredAntiAffinity();
    List<Counts> perNode = PerNodeWork.map(handle, nodes, n -> {
      Counts local = new Counts();
      for (PodInfo p : n.pods()) update(local, pod, p, n, 1);
      return local.isEmpty() ? null : local;
    });
    for (Counts local : perNode) if (local != null) c.addAll(local);
    state.write(STATE, c);
    return Result.of(Status.success());
  }

  private static void update(Counts c, Pod incoming, PodInfo existing, NodeInfo n, int delta) {
    if (n.node() == null) return;
    for (PodAffinityTerm t : AffinityTerms.requiredAntiAffinity(existing.pod())) {
      String v = label(n, t.getTopologyKey());
      if (v != null && AffinityTerms.selects(t, existing.pod(), incoming)) c.existingAnti.merge(t.getTopologyKey() + "=" + v, delta, Integer::sum);
    }
    List<PodAffinityTerm> aff = AffinityTerms.requiredAffinity(incoming);
    for (int i = 0; i < aff.size(); i++) {
      String v = label(n, aff.get(i).getTopologyKey());
      if (v != null && AffinityTerms.selects(aff.get(i), incoming, existing.pod())) {
        c.affinity.merge(i + "|" + aff.get(i).getTopologyKey() + "=" + v, delta, Integer::sum);
      }
    }
    for (PodAffinityTerm t : AffinityTerms.requiredAntiAffinity(incoming)) {
      String v = label(n, t.getTopologyKey());
      if (v != null && AffinityTerms.selects(t, incoming, existing.pod())) c.anti.merge(t.getTopologyKey() + "=" + v, delta, Integer::sum);
    }
  }

  @Override
  public Extensions extensions() {
    return new Extensions() {
      @Override
      public void addPod(CycleState state, Pod incoming, PodInfo added, NodeInfo node) {
        Counts c = state.read(STATE, Counts.class);
        if (c != null) update(c, incoming, added, node, 1);
      }

      @Override
      public void removePod(CycleState state, Pod incoming, PodInfo removed, NodeInfo node) {
        Counts c = state.read(STATE, Counts.class);
        if (c != null) update(c, incoming, removed, node, -1);
      }
    };
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    Counts c = state.read(STATE, Counts.class);
    if (c == null) return Status.success();
    Map<String, String> labels = Selectors.labels(node.node().getMetadata().getLabels());
    for (Map.Entry<String, String> l : labels.entrySet()) {
      if (c.existingAnti.getOrDefault(l.getKey() + "=" + l.getValue(), 0) > 0) return Status.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
    }
    for (PodAffinityTerm t : AffinityTerms.requiredAntiAffinity(pod)) {
      String v = labels.get(t.getTopologyKey());
      if (v != null && c.anti.getOrDefault(t.getTopologyKey() + "=" + v, 0) > 0) return Status.unschedulable(ANTI_AFFINITY_REASON);
    }
    List<PodAffinityTerm> aff = AffinityTerms.requiredAffinity(pod);
    boolean all = true;
    for (int i = 0; i < aff.size() && all; i++) {
      String v = labels.get(aff.get(i).getTopologyKey());
      all = v != null && c.affinity.getOrDefault(i + "|" + aff.get(i).getTopologyKey() + "=" + v, 0) > 0;
    }
    if (all) return Status.success();
    // The first pod of a group that affines to itself may go anywhere its topology keys exist.
    boolean noneAnywhere = c.affinity.values().stream().allMatch(n -> n <= 0);
    boolean selfMatch = aff.stream().allMatch(t -> AffinityTerms.selects(t, pod, pod) && labels.containsKey(t.getTopologyKey()));
    return noneAnywhere && selfMatch ? Status.success() : Status.unresolvable(AFFINITY_REASON);
  }

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasible, Snapshot snapshot) {
    boolean own = !AffinityTerms.preferredAffinity(pod).isEmpty() || !AffinityTerms.preferredAntiAffinity(pod).isEmpty();
    List<NodeInfo> nodes = own ? snapshot.nodes() : snapshot.nodesWithPodsWithAffinity();
    if (nodes.isEmpty()) return Status.skip();
    List<Map<String, Long>> perNode = PerNodeWork.map(handle, nodes, n -> scoresOn(pod, n));
    Map<String, Long> scores = new HashMap<>();
    for (Map<String, Long> local : perNode) local.forEach((k, v) -> scores.merge(k, v, Long::sum));
    if (scores.isEmpty()) return Status.skip();
    state.write(SCORE_STATE, scores);
    return Status.success();
  }

  /** Weights per "key=value" that the pods on one node contribute (both directions). */
  private static Map<String, Long> scoresOn(Pod pod, NodeInfo n) {
    Map<String, Long> scores = new HashMap<>();
    for (PodInfo p : n.pods()) {
      for (WeightedPodAffinityTerm t : AffinityTerms.preferredAffinity(pod)) add(scores, n, t.getPodAffinityTerm(), pod, p.pod(), t.getWeight());
      for (WeightedPodAffinityTerm t : AffinityTerms.preferredAntiAffinity(pod)) add(scores, n, t.getPodAffinityTerm(), pod, p.pod(), -t.getWeight());
      for (WeightedPodAffinityTerm t : AffinityTerms.preferredAffinity(p.pod())) add(scores, n, t.getPodAffinityTerm(), p.pod(), pod, t.getWeight());
      for (WeightedPodAffinityTerm t : AffinityTerms.preferredAntiAffinity(p.pod())) add(scores, n, t.getPodAffinityTerm(), p.pod(), pod, -t.getWeight());
      for (PodAffinityTerm t : AffinityTerms.requiredAffinity(p.pod())) add(scores, n, t, p.pod(), pod, 1);
    }
    return scores;
  }

  private static void add(Map<String, Long> scores, NodeInfo n, PodAffinityTerm t, Pod owner, Pod target, int weight) {
    String v = label(n, t.getTopologyKey());
    if (v != null && weight != 0 && AffinityTerms.selects(t, owner, target)) scores.merge(t.getTopologyKey() + "=" + v, (long) weight, Long::sum);
  }

  @Override
  @SuppressWarnings("unchecked")
  public long score(CycleState state, Pod pod, NodeInfo node) {
    Map<String, Long> scores = state.read(SCORE_STATE, Map.class);
    if (scores == null) return 0;
    long s = 0;
    for (Map.Entry<String, String> l : Selectors.labels(node.node().getMetadata().getLabels()).entrySet()) {
      s += scores.getOrDefault(l.getKey() + "=" + l.getValue(), 0L);
    }
    return s;
  }

  /** Min-max to [0, 100], as Kubernetes' InterPodAffinity NormalizeScore. */
  @Override
  public void normalize(CycleState state, Pod pod, long[] scores) {
    if (scores.length == 0) return;
    long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
    for (long s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (int i = 0; i < scores.length; i++) scores[i] = max == min ? 0 : MAX_SCORE * (scores[i] - min) / (max - min);
  }
}
