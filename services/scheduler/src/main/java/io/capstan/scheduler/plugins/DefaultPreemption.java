package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FitError;
import io.capstan.scheduler.framework.FrameworkHandle;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.PostFilterPlugin;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Preemption (PostFilter): on each node that failed with a resolvable status, remove every pod of
 * lower priority, check the pod fits, then add victims back while it still fits: first those whose
 * eviction would violate a PodDisruptionBudget, then the others, each group from the most
 * important down. The node whose victims matter least (fewest budget violations, then lowest
 * highest priority, then lowest priority sum, then fewest victims) is chosen, its victims deleted,
 * and the pod nominated to it. As in Kubernetes, budgets are a preference, not a guarantee.
 */
public final class DefaultPreemption implements PostFilterPlugin {
  public static final String NAME = "DefaultPreemption";
  public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  private final FrameworkHandle handle;

  public DefaultPreemption(FrameworkHandle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  private record Candidate(String node, List<PodInfo> victims, int violations) {
    int highest() {
      return victims.stream().mapToInt(PodInfo::priority).max().orElse(Integer.MIN_VALUE);
    }

    long sum() {
      return victims.stream().mapToLong(v -> (long) v.priority() + Integer.MAX_VALUE + 1).sum();
    }
  }

  @Override
  public Result postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
    if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
      return new Result(Status.unschedulable("preemption: not eligible due to preemptionPolicy=Never"), null);
    }
    Snapshot snapshot = state.read(Snapshot.STATE_KEY, Snapshot.class);
    int priority = handle.priority(pod);
    String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
    if (nominated != null && !nominated.isEmpty() && snapshot.get(nominated) != null) {
      Status s = nodeStatuses.get(nominated);
      boolean resolvable = s == null || s.code() == Status.Code.UNSCHEDULABLE;
      if (resolvable && snapshot.get(nominated).pods().stream().anyMatch(p -> p.terminating() && p.priority() < priority)) {
        return new Result(Status.unschedulable("preemption: not eligible due to a terminating pod on the nominated node"), null);
      }
    }
    Map<String, Status> outcome = new HashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    List<PodDisruptionBudget> budgets = handle.podDisruptionBudgets();
    for (NodeInfo n : snapshot.nodes()) {
      Status s = nodeStatuses.get(n.name());
      if (s == null || s.code() != Status.Code.UNSCHEDULABLE) continue;
      Status result = selectVictims(state, pod, priority, n, budgets, candidates);
      if (!result.isSuccess()) outcome.put(n.name(), result);
    }
    if (candidates.isEmpty()) {
      for (NodeInfo n : snapshot.nodes()) outcome.putIfAbsent(n.name(), Status.unresolvable(NOT_HELPFUL));
      FitError fit = new FitError(snapshot.nodes().size(), outcome, null);
      return new Result(Status.unschedulable("preemption: " + fit.message().substring(0, fit.message().length() - 1)), null);
    }
    Candidate best = candidates.stream().min(Comparator.comparingInt(Candidate::violations)
        .thenComparingInt(Candidate::highest).thenComparingLong(Candidate::sum).thenComparingInt(c -> c.victims().size())).orElseThrow();
    for (PodInfo v : best.victims()) {
      if (v.terminating()) continue;
      handle.writer().deletePod(v.pod());
      handle.writer().event(v.pod(), handle.schedulerName(), "Normal", "Preempted", "Preempting",
          "Preempted by pod " + pod.getMetadata().getUid() + " on node " + best.node());
    }
    return new Result(Status.success(), best.node());
  }

  private Status selectVictims(CycleState parent, Pod pod, int priority, NodeInfo original,
      List<PodDisruptionBudget> budgets, List<Candidate> out) {
    CycleState state = parent.copy();
    NodeInfo node = original.copy();
    List<PodInfo> lower = new ArrayList<>();
    for (PodInfo p : new ArrayList<>(node.pods())) {
      if (p.priority() < priority) {
        lower.add(p);
        node.removePod(p.key());
        handle.framework().runPreFilterRemovePod(state, pod, p, node);
      }
    }
    if (lower.isEmpty()) return Status.unresolvable(NO_VICTIMS);
    Status fits = handle.framework().runFilters(state, pod, node);
    if (!fits.isSuccess()) return fits;
    lower.sort(Comparator.comparingInt(PodInfo::priority).reversed());
    DisruptionBudgets.Split split = DisruptionBudgets.split(lower, budgets);
    List<PodInfo> victims = new ArrayList<>();
    for (PodInfo p : split.violating()) {
      if (!reprieve(state, pod, p, node)) victims.add(p);
    }
    int violations = victims.size();
    for (PodInfo p : split.nonViolating()) {
      if (!reprieve(state, pod, p, node)) victims.add(p);
    }
    out.add(new Candidate(original.name(), victims, violations));
    return Status.success();
  }

  /** Puts {@code p} back on the node if the pod still fits with it there; false when it must go. */
  private boolean reprieve(CycleState state, Pod pod, PodInfo p, NodeInfo node) {
    node.addPod(p);
    handle.framework().runPreFilterAddPod(state, pod, p, node);
    if (handle.framework().runFilters(state, pod, node).isSuccess()) return true;
    node.removePod(p.key());
    handle.framework().runPreFilterRemovePod(state, pod, p, node);
    return false;
  }
}
