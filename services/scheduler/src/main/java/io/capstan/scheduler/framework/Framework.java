package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One profile's plugins, grouped by extension point, and the code that runs each point
 * (Kubernetes' {@code frameworkImpl}). Built from a {@link ProfileSpec} and a {@link PluginRegistry}.
 */
public final class Framework implements FrameworkHandle {
  private static final String SKIPPED_SCORES = "framework/skipped-scores";

  private final String schedulerName;
  private final ClusterWriter writer;
  private final ToIntFunction<Pod> priorities;
  private final Supplier<List<PodDisruptionBudget>> budgets;
  private final List<PreEnqueuePlugin> preEnqueue = new ArrayList<>();
  private QueueSortPlugin queueSort;
  private final List<PreFilterPlugin> preFilter = new ArrayList<>();
  private final List<FilterPlugin> filter = new ArrayList<>();
  private final List<PostFilterPlugin> postFilter = new ArrayList<>();
  private final List<PreScorePlugin> preScore = new ArrayList<>();
  private final List<ScorePlugin> score = new ArrayList<>();
  private final Map<String, Integer> weights = new LinkedHashMap<>();
  private final List<ReservePlugin> reserve = new ArrayList<>();
  private final List<PermitPlugin> permit = new ArrayList<>();
  private final List<PreBindPlugin> preBind = new ArrayList<>();
  private final List<BindPlugin> bind = new ArrayList<>();
  private final List<PostBindPlugin> postBind = new ArrayList<>();
  private final Map<String, CompletableFuture<Status>> waiting = new ConcurrentHashMap<>();

  public Framework(ProfileSpec spec, PluginRegistry registry, ClusterWriter writer, ToIntFunction<Pod> priorities) {
    this(spec, registry, writer, priorities, List::of);
  }

  public Framework(ProfileSpec spec, PluginRegistry registry, ClusterWriter writer, ToIntFunction<Pod> priorities,
      Supplier<List<PodDisruptionBudget>> budgets) {
    this.schedulerName = spec.schedulerName();
    this.writer = writer;
    this.priorities = priorities;
    this.budgets = budgets;
    List<String> names = new ArrayList<>(spec.plugins() == null || spec.plugins().isEmpty()
        ? PluginRegistry.DEFAULT_PLUGINS : spec.plugins());
    if (spec.disabled() != null) names.removeAll(spec.disabled());
    for (String name : names) {
      Map<String, Object> args = spec.args() == null ? Map.of() : spec.args().getOrDefault(name, Map.of());
      Plugin p = registry.factory(name).create(args, this);
      if (p instanceof PreEnqueuePlugin x) preEnqueue.add(x);
      if (p instanceof QueueSortPlugin x) queueSort = x;
      if (p instanceof PreFilterPlugin x) preFilter.add(x);
      if (p instanceof FilterPlugin x) filter.add(x);
      if (p instanceof PostFilterPlugin x) postFilter.add(x);
      if (p instanceof PreScorePlugin x) preScore.add(x);
      if (p instanceof ScorePlugin x) {
        score.add(x);
        Integer w = spec.weights() == null ? null : spec.weights().get(name);
        weights.put(name, w != null ? w : PluginRegistry.DEFAULT_WEIGHTS.getOrDefault(name, 1));
      }
      if (p instanceof ReservePlugin x) reserve.add(x);
      if (p instanceof PermitPlugin x) permit.add(x);
      if (p instanceof PreBindPlugin x) preBind.add(x);
      if (p instanceof BindPlugin x) bind.add(x);
      if (p instanceof PostBindPlugin x) postBind.add(x);
    }
    if (queueSort == null) throw new IllegalArgumentException("profile " + schedulerName + " has no QueueSort plugin");
    if (bind.isEmpty()) throw new IllegalArgumentException("profile " + schedulerName + " has no Bind plugin");
  }

  @Override
  public String schedulerName() {
    return schedulerName;
  }

  @Override
  public ClusterWriter writer() {
    return writer;
  }

  @Override
  public int priority(Pod pod) {
    return priorities.applyAsInt(pod);
  }

  @Override
  public List<PodDisruptionBudget> podDisruptionBudgets() {
    return budgets.get();
  }

  @Override
  public Framework framework() {
    return this;
  }

  public QueueSortPlugin queueSort() {
    return queueSort;
  }

  public boolean hasPostFilter() {
    return !postFilter.isEmpty();
  }

  public Status runPreEnqueue(Pod pod) {
    for (PreEnqueuePlugin p : preEnqueue) {
      Status s = p.preEnqueue(pod);
      if (!s.isSuccess()) return s.withPlugin(p.name());
    }
    return Status.success();
  }

  /** Rejections keep their plugin name; node sets of several plugins intersect. */
  public PreFilterPlugin.Result runPreFilter(CycleState state, Pod pod, Snapshot snapshot) {
    Set<String> nodes = null;
    for (PreFilterPlugin p : preFilter) {
      PreFilterPlugin.Result r = p.preFilter(state, pod, snapshot);
      if (r.status().isSkip()) continue;
      if (!r.status().isSuccess()) return PreFilterPlugin.Result.of(r.status().withPlugin(p.name()));
      if (r.nodeNames() != null) {
        if (nodes == null) nodes = new HashSet<>(r.nodeNames());
        else nodes.retainAll(r.nodeNames());
      }
    }
    return new PreFilterPlugin.Result(Status.success(), nodes);
  }

  /** Stops at the first plugin that rejects the node, as Kubernetes does. */
  public Status runFilters(CycleState state, Pod pod, NodeInfo node) {
    for (FilterPlugin p : filter) {
      Status s;
      try {
        s = p.filter(state, pod, node);
      } catch (RuntimeException e) {
        s = Status.error(e);
      }
      if (!s.isSuccess()) return s.withPlugin(p.name());
    }
    return Status.success();
  }

  public void runPreFilterAddPod(CycleState state, Pod pod, PodInfo added, NodeInfo node) {
    for (PreFilterPlugin p : preFilter) if (p.extensions() != null) p.extensions().addPod(state, pod, added, node);
  }

  public void runPreFilterRemovePod(CycleState state, Pod pod, PodInfo removed, NodeInfo node) {
    for (PreFilterPlugin p : preFilter) if (p.extensions() != null) p.extensions().removePod(state, pod, removed, node);
  }

  /** The first PostFilter that succeeds wins; otherwise the last message is reported. */
  public PostFilterPlugin.Result runPostFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
    PostFilterPlugin.Result last = new PostFilterPlugin.Result(Status.unschedulable(), null);
    for (PostFilterPlugin p : postFilter) {
      PostFilterPlugin.Result r = p.postFilter(state, pod, nodeStatuses);
      if (r.status().isSuccess()) return r;
      last = r;
    }
    return last;
  }

  public Status runPreScore(CycleState state, Pod pod, List<NodeInfo> feasible, Snapshot snapshot) {
    Set<String> skipped = new HashSet<>();
    for (PreScorePlugin p : preScore) {
      Status s = p.preScore(state, pod, feasible, snapshot);
      if (s.isSkip()) skipped.add(p.name());
      else if (!s.isSuccess()) return s.withPlugin(p.name());
    }
    state.write(SKIPPED_SCORES, skipped);
    return Status.success();
  }

  /** @return the weighted, normalised total score of each feasible node, in the list's order */
  public long[] runScore(CycleState state, Pod pod, List<NodeInfo> feasible, Parallelizer parallel) {
    Set<?> skipped = state.read(SKIPPED_SCORES, Set.class);
    List<ScorePlugin> active = new ArrayList<>();
    for (ScorePlugin p : score) if (skipped == null || !skipped.contains(p.name())) active.add(p);
    long[][] perPlugin = new long[active.size()][feasible.size()];
    parallel.until(feasible.size(), i -> {
      for (int j = 0; j < active.size(); j++) perPlugin[j][i] = active.get(j).score(state, pod, feasible.get(i));
    });
    long[] total = new long[feasible.size()];
    for (int j = 0; j < active.size(); j++) {
      ScorePlugin p = active.get(j);
      p.normalize(state, pod, perPlugin[j]);
      int w = weights.get(p.name());
      for (int i = 0; i < total.length; i++) total[i] += perPlugin[j][i] * w;
    }
    return total;
  }

  public Status runReserve(CycleState state, Pod pod, String node) {
    for (ReservePlugin p : reserve) {
      Status s = p.reserve(state, pod, node);
      if (!s.isSuccess()) return s.withPlugin(p.name());
    }
    return Status.success();
  }

  /** In reverse order, as Kubernetes does. */
  public void runUnreserve(CycleState state, Pod pod, String node) {
    for (int i = reserve.size() - 1; i >= 0; i--) reserve.get(i).unreserve(state, pod, node);
  }

  /**
   * @return success, a rejection, or WAIT: the binding cycle must then call {@link #waitOnPermit}
   */
  public Status runPermit(CycleState state, Pod pod, String node) {
    Duration longest = Duration.ZERO;
    boolean wait = false;
    for (PermitPlugin p : permit) {
      PermitPlugin.Result r = p.permit(state, pod, node);
      if (r.status().code() == Status.Code.WAIT) {
        wait = true;
        if (r.timeout().compareTo(longest) > 0) longest = r.timeout();
      } else if (!r.status().isSuccess()) {
        return r.status().withPlugin(p.name());
      }
    }
    if (!wait) return Status.success();
    CompletableFuture<Status> f = new CompletableFuture<>();
    waiting.put(pod.getMetadata().getUid(), f);
    f.completeOnTimeout(Status.unschedulable("rejected due to timeout after waiting " + longest.toSeconds() + "s at plugin"),
        longest.toMillis(), TimeUnit.MILLISECONDS);
    return Status.waiting();
  }

  public Status waitOnPermit(Pod pod) {
    CompletableFuture<Status> f = waiting.get(pod.getMetadata().getUid());
    if (f == null) return Status.success();
    try {
      return f.get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.error(e);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      return Status.error(e);
    } finally {
      waiting.remove(pod.getMetadata().getUid());
    }
  }

  /** Lets a pod a Permit plugin holds proceed to binding. */
  public boolean allow(String podUid) {
    CompletableFuture<Status> f = waiting.get(podUid);
    return f != null && f.complete(Status.success());
  }

  public boolean reject(String podUid, String reason) {
    CompletableFuture<Status> f = waiting.get(podUid);
    return f != null && f.complete(Status.unschedulable(reason));
  }

  public Status runPreBind(CycleState state, Pod pod, String node) {
    for (PreBindPlugin p : preBind) {
      Status s = p.preBind(state, pod, node);
      if (!s.isSuccess()) return s.withPlugin(p.name());
    }
    return Status.success();
  }

  public Status runBind(CycleState state, Pod pod, String node) {
    for (BindPlugin p : bind) {
      Status s = p.bind(state, pod, node);
      if (!s.isSkip()) return s.withPlugin(p.name());
    }
    return Status.error("no bind plugin bound the pod");
  }

  public void runPostBind(CycleState state, Pod pod, String node) {
    for (PostBindPlugin p : postBind) p.postBind(state, pod, node);
  }
}
