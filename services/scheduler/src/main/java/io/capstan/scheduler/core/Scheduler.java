package io.capstan.scheduler.core;

import io.capstan.scheduler.cache.SchedulerCache;
import io.capstan.scheduler.framework.ClusterWriter;
import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FitError;
import io.capstan.scheduler.framework.Framework;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Parallelizer;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.PostFilterPlugin;
import io.capstan.scheduler.framework.PreFilterPlugin;
import io.capstan.scheduler.framework.QueuedPodInfo;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop (Kubernetes' {@code scheduleOne}): pop the next pod, run its profile's
 * plugins over a snapshot, assume it onto the chosen node, and bind it on a binder thread while
 * the loop goes on with the next pod. Failures go back to the queue with a PodScheduled=False
 * condition and a FailedScheduling event.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  /** Kubernetes' minFeasibleNodesToFind. */
  static final int MIN_FEASIBLE_NODES = 100;

  private final Map<String, Framework> profiles;
  private final SchedulingQueue queue;
  private final SchedulerCache cache;
  private final ClusterWriter writer;
  private final SchedulerMetrics metrics;
  private final Parallelizer parallel;
  private final int percentageOfNodesToScore;
  private final Snapshot snapshot = new Snapshot();
  private final ExecutorService binders;
  private final ExecutorService reporters;
  private final Map<String, Boolean> binding = new ConcurrentHashMap<>();
  private int nextStartNodeIndex;
  private volatile boolean running;
  private Thread loop;
  private Thread housekeeping;

  public Scheduler(Map<String, Framework> profiles, SchedulingQueue queue, SchedulerCache cache, ClusterWriter writer,
      SchedulerMetrics metrics, int parallelism, int percentageOfNodesToScore, int binderThreads) {
    this.profiles = profiles;
    this.queue = queue;
    this.cache = cache;
    this.writer = writer;
    this.metrics = metrics;
    this.parallel = new Parallelizer(parallelism);
    profiles.values().forEach(f -> f.useParallelizer(parallel));
    this.percentageOfNodesToScore = percentageOfNodesToScore;
    AtomicInteger b = new AtomicInteger();
    this.binders = Executors.newFixedThreadPool(binderThreads, r -> daemon(r, "scheduler-binder-" + b.incrementAndGet()));
    AtomicInteger s = new AtomicInteger();
    this.reporters = Executors.newFixedThreadPool(2, r -> daemon(r, "scheduler-status-" + s.incrementAndGet()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public boolean serves(Pod pod) {
    return profiles.containsKey(schedulerName(pod));
  }

  static String schedulerName(Pod pod) {
    String n = pod.getSpec().getSchedulerName();
    return n == null || n.isEmpty() ? "default-scheduler" : n;
  }

  public SchedulingQueue queue() {
    return queue;
  }

  public SchedulerCache cache() {
    return cache;
  }

  /** Starts the loop (only the leader runs it; informers feed the queue and cache regardless). */
  public synchronized void start() {
    if (running) return;
    running = true;
    loop = new Thread(() -> {
      while (running) {
        try {
          scheduleOne();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          log.error("scheduling attempt failed unexpectedly", e);
        }
      }
    }, "scheduler-loop");
    loop.start();
    housekeeping = new Thread(() -> {
      while (running) {
        try {
          queue.flush();
          cache.cleanupExpiredAssumedPods();
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, "scheduler-housekeeping");
    housekeeping.setDaemon(true);
    housekeeping.start();
  }

  /** Stops the loop; bindings in flight finish. */
  public synchronized void stop() throws InterruptedException {
    running = false;
    if (loop != null) {
      loop.interrupt();
      loop.join(10_000);
      housekeeping.interrupt();
      housekeeping.join(10_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    queue.close();
    binders.shutdown();
    reporters.shutdown();
    binders.awaitTermination(10, TimeUnit.SECONDS);
    reporters.awaitTermination(10, TimeUnit.SECONDS);
    parallel.close();
  }

  /** Thrown inside a cycle when no node fits. */
  private static final class NoFit extends Exception {
    final FitError fit;

    NoFit(FitError fit) {
      super(null, null, false, false);
      this.fit = fit;
    }
  }

  void scheduleOne() throws InterruptedException {
    QueuedPodInfo q = queue.pop(Duration.ofSeconds(1));
    if (q == null) return;
    Pod pod = q.podInfo().pod();
    Framework fwk = profiles.get(schedulerName(pod));
    if (fwk == null || pod.getMetadata().getDeletionTimestamp() != null || cache.isAssumed(q.key())) return;
    long started = System.nanoTime();
    long cycle = queue.schedulingCycle();
    CycleState state = new CycleState();
    cache.updateSnapshot(snapshot);
    state.write(Snapshot.STATE_KEY, snapshot);
    String node;
    try {
      node = schedulePod(fwk, state, pod);
    } catch (NoFit e) {
      String nominated = null;
      if (fwk.hasPostFilter()) {
        PostFilterPlugin.Result r = fwk.runPostFilter(state, pod, e.fit.nodeStatuses());
        if (!r.status().isSuccess() && !r.status().reasons().isEmpty()) e.fit.setPostFilterMessage(r.status().message());
        nominated = r.nominatedNode();
      }
      metrics.attempt("unschedulable", fwk.schedulerName(), Duration.ofNanos(System.nanoTime() - started));
      failed(fwk, q, cycle, e.fit.message(), nominated, true);
      return;
    } catch (RuntimeException e) {
      log.warn("scheduling {} failed: {}", q.key(), e.toString(), e);
      metrics.attempt("error", fwk.schedulerName(), Duration.ofNanos(System.nanoTime() - started));
      failed(fwk, q, cycle, e.toString(), null, false);
      return;
    }
    Pod assumed = new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    PodInfo assumedInfo = new PodInfo(assumed, q.key(), q.podInfo().requests(), q.podInfo().nonZeroRequests(), q.podInfo().priority());
    cache.assume(assumedInfo, node);
    Status s = fwk.runReserve(state, assumed, node);
    if (s.isSuccess()) s = fwk.runPermit(state, assumed, node);
    if (!s.isSuccess() && s.code() != Status.Code.WAIT) {
      fwk.runUnreserve(state, assumed, node);
      cache.forget(q.key());
      metrics.attempt(s.isRejected() ? "unschedulable" : "error", fwk.schedulerName(), Duration.ofNanos(System.nanoTime() - started));
      failed(fwk, q, cycle, s.message(), null, s.isRejected());
      return;
    }
    metrics.attempt("scheduled", fwk.schedulerName(), Duration.ofNanos(System.nanoTime() - started));
    binding.put(q.key(), true);
    binders.execute(() -> bindingCycle(fwk, state, q, assumed, node));
  }

  private void bindingCycle(Framework fwk, CycleState state, QueuedPodInfo q, Pod assumed, String node) {
    try {
      Status s = fwk.waitOnPermit(assumed);
      if (s.isSuccess()) s = fwk.runPreBind(state, assumed, node);
      if (s.isSuccess()) s = fwk.runBind(state, assumed, node);
      if (!s.isSuccess()) {
        fwk.runUnreserve(state, assumed, node);
        cache.forget(q.key());
        queue.moveAllToActiveOrBackoff("AssignedPodDelete");
        String msg = s.isRejected() ? s.message() : "Binding rejected: " + s.message();
        failed(fwk, q, queue.schedulingCycle(), msg, null, s.isRejected());
        return;
      }
      cache.finishBinding(q.key());
      report(() -> writer.event(assumed, fwk.schedulerName(), "Normal", "Scheduled", "Binding",
          "Successfully assigned " + q.key() + " to " + node));
      fwk.runPostBind(state, assumed, node);
    } catch (RuntimeException e) {
      log.error("binding {} to {} failed", q.key(), node, e);
      cache.forget(q.key());
      queue.addBackoff(q);
    } finally {
      binding.remove(q.key());
    }
  }

  private void failed(Framework fwk, QueuedPodInfo q, long cycle, String message, String nominated, boolean unschedulable) {
    Pod pod = q.podInfo().pod();
    if (unschedulable) queue.addUnschedulable(q, cycle, Set.of());
    else queue.addBackoff(q);
    report(() -> {
      writer.markUnschedulable(pod, message, nominated);
      writer.event(pod, fwk.schedulerName(), "Warning", "FailedScheduling", "Scheduling", message);
    });
  }

  /** Status and event writes leave the loop; a failure is logged (the next attempt writes again). */
  private void report(Runnable write) {
    reporters.execute(() -> {
      try {
        write.run();
      } catch (RuntimeException e) {
        log.warn("could not record scheduling outcome: {}", e.toString());
      }
    });
  }

  /** How many feasible nodes to look for (Kubernetes' numFeasibleNodesToFind). */
  int numFeasibleNodesToFind(int all) {
    if (all < MIN_FEASIBLE_NODES || percentageOfNodesToScore >= 100) return all;
    int pct = percentageOfNodesToScore;
    if (pct <= 0) pct = Math.max(5, 50 - all / 125);
    return Math.max(MIN_FEASIBLE_NODES, all * pct / 100);
  }

  String schedulePod(Framework fwk, CycleState state, Pod pod) throws NoFit {
    List<NodeInfo> all = snapshot.nodes();
    if (all.isEmpty()) throw new NoFit(new FitError(0, Map.of(), null));
    PreFilterPlugin.Result pre = fwk.runPreFilter(state, pod, snapshot);
    if (!pre.status().isSuccess()) {
      if (!pre.status().isRejected()) throw new IllegalStateException("PreFilter " + pre.status().plugin() + ": " + pre.status().message());
      Map<String, Status> statuses = new HashMap<>();
      for (NodeInfo n : all) statuses.put(n.name(), pre.status());
      throw new NoFit(new FitError(all.size(), statuses, pre.status().message()));
    }
    String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
    if (nominated != null && !nominated.isEmpty() && snapshot.get(nominated) != null && snapshot.get(nominated).node() != null
        && fwk.runFilters(state, pod, snapshot.get(nominated)).isSuccess()) {
      return nominated;
    }
    List<NodeInfo> candidates = all;
    if (pre.nodeNames() != null) {
      candidates = new ArrayList<>();
      for (String n : pre.nodeNames()) if (snapshot.get(n) != null && snapshot.get(n).node() != null) candidates.add(snapshot.get(n));
    }
    int want = numFeasibleNodesToFind(candidates.size());
    int size = candidates.size();
    int start = nextStartNodeIndex % Math.max(1, size);
    NodeInfo[] found = new NodeInfo[size];
    Map<String, Status> statuses = new ConcurrentHashMap<>();
    AtomicInteger feasible = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    List<NodeInfo> list = candidates;
    parallel.until(size, i -> {
      if (feasible.get() >= want) return;
      NodeInfo n = list.get((start + i) % size);
      processed.incrementAndGet();
      Status s = fwk.runFilters(state, pod, n);
      if (s.isSuccess()) {
        if (feasible.incrementAndGet() <= want) found[i] = n;
      } else if (s.code() == Status.Code.ERROR) {
        throw new IllegalStateException("Filter " + s.plugin() + " on " + n.name() + ": " + s.message(), s.error());
      } else {
        statuses.put(n.name(), s);
      }
    }, () -> feasible.get() >= want);
    nextStartNodeIndex = (start + processed.get()) % Math.max(1, size);
    List<NodeInfo> fits = new ArrayList<>();
    for (NodeInfo n : found) if (n != null) fits.add(n);
    if (fits.isEmpty()) {
      for (NodeInfo n : all) statuses.putIfAbsent(n.name(), Status.unresolvable(io.capstan.scheduler.plugins.NodeAffinityPlugin.REASON));
      throw new NoFit(new FitError(all.size(), statuses, null));
    }
    if (fits.size() == 1) return fits.get(0).name();
    Status s = fwk.runPreScore(state, pod, fits, snapshot);
    if (!s.isSuccess()) throw new IllegalStateException("PreScore " + s.plugin() + ": " + s.message());
    long[] scores = fwk.runScore(state, pod, fits, parallel);
    return selectHost(fits, scores);
  }

  /** Highest score; ties broken uniformly at random (reservoir sampling), as Kubernetes does. */
  static String selectHost(List<NodeInfo> nodes, long[] scores) {
    int best = 0;
    int ties = 1;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
        ties = 1;
      } else if (scores[i] == scores[best] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
        best = i;
      }
    }
    return nodes.get(best).name();
  }
}
