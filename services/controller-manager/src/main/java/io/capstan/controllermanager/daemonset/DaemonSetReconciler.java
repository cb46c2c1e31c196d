package io.capstan.controllermanager.daemonset;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.ControlledPodEvents;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerRefs;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Expectations;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.LabelSelectors;
import io.capstan.controllermanager.framework.ParallelWrites;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.RevisionHistory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

/**
 * Runs one pod of a DaemonSet on every eligible node (Kubernetes' {@code daemon_controller.go}):
 * creates daemon pods pinned to their node by node affinity (the scheduler binds them), deletes
 * pods on nodes that no longer qualify, failed pods and duplicates, rolls template changes out
 * node by node within {@code maxUnavailable} (RollingUpdate) or leaves them to the user
 * (OnDelete), keeps ControllerRevisions for {@code kubectl rollout history|undo}, and reports the
 * status {@code kubectl get ds} and {@code kubectl rollout status ds} read.
 */
public final class DaemonSetReconciler implements Reconciler {
  public static final String NAME = "daemonset";

  private final Store<DaemonSet> daemonSets;
  private final Store<Pod> pods;
  private final Store<Node> nodes;
  private final RevisionHistory history;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final ExecutorService writes;
  private final Clock clock;
  private final Expectations expectations = new Expectations();

  public DaemonSetReconciler(Store<DaemonSet> daemonSets, Store<Pod> pods, Store<Node> nodes,
      Store<ControllerRevision> revisions, ApiWriter writer, EventRecorder events, ExecutorService writes, Clock clock) {
    this.daemonSets = daemonSets;
    this.pods = pods;
    this.nodes = nodes;
    this.history = new RevisionHistory(revisions, writer);
    this.writer = writer;
    this.events = events;
    this.writes = writes;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<DaemonSet> dss = ctx.informers().informer(DaemonSet.class, "/registry/apps/daemonsets");
    Informer<Pod> ps = ctx.informers().informer(Pod.class, "/registry/pods");
    Informer<Node> ns = ctx.informers().informer(Node.class, "/registry/nodes");
    Informer<ControllerRevision> crs = ctx.informers().informer(ControllerRevision.class, "/registry/apps/controllerrevisions");
    DaemonSetReconciler r = new DaemonSetReconciler(dss.store(), ps.store(), ns.store(), crs.store(), ctx.writer(),
        ctx.events(), ctx.writes(), ctx.clock());
    Controller c = ctx.controller(NAME, r);
    dss.addEventHandler(c.enqueueOnChange(Keys::of, r.expectations::forget));
    ps.addEventHandler(new ControlledPodEvents<>(c, r.expectations, "DaemonSet", r.daemonSets,
        ds -> ds.getSpec().getSelector(), ds -> ds.getSpec().getMinReadySeconds()));
    // Every node change may change where daemons belong; DaemonSets are few, so look at all.
    ns.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node n, boolean initial) {
        if (!initial) r.daemonSets.keys().forEach(c::enqueue);
      }

      @Override
      public void onUpdate(Node old, Node now) {
        if (!Objects.equals(old.getMetadata().getLabels(), now.getMetadata().getLabels())
            || !Objects.equals(old.getSpec(), now.getSpec())) {
          r.daemonSets.keys().forEach(c::enqueue);
        }
      }

      @Override
      public void onDelete(Node n) {
        r.daemonSets.keys().forEach(c::enqueue);
      }
    });
    crs.addEventHandler(c.enqueueOnChange(Keys.controllerOfKind("DaemonSet")));
    return c;
  }

  static Duration minReady(DaemonSet ds) {
    Integer s = ds.getSpec().getMinReadySeconds();
    return Duration.ofSeconds(s == null ? 0 : s);
  }

  @Override
  public Result reconcile(String key) throws Exception {
    Optional<DaemonSet> cached = daemonSets.get(key);
    if (cached.isEmpty()) {
      expectations.forget(key);
      return Result.done();
    }
    DaemonSet ds = cached.get();
    if (LabelSelectors.isEmpty(ds.getSpec().getSelector())) {
      events.warning(ds, "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
      return Result.done();
    }
    List<Node> nodeList = new ArrayList<>(nodes.list());
    nodeList.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    PodSpec spec = DaemonPods.specWithTolerations(ds);
    Map<String, List<Pod>> byNode = claimPods(ds);
    boolean deleting = ds.getMetadata().getDeletionTimestamp() != null;
    RevisionHistory.Snapshot revisions;
    try {
      revisions = deleting ? null : history.sync(ds, ds.getSpec().getTemplate(), collisionCount(ds), ds.getMetadata().getAnnotations());
    } catch (RevisionHistory.Collision e) {
      bumpCollisionCount(ds);
      throw e;
    }
    String hash = revisions == null ? currentHash(ds) : revisions.hash();
    List<RuntimeException> errors = new ArrayList<>();
    Result result = Result.done();
    if (!deleting && expectations.satisfied(key)) {
      manage(key, ds, spec, nodeList, byNode, hash, errors);
      if (expectations.satisfied(key) && isRollingUpdate(ds)) {
        result = rollingUpdate(key, ds, spec, nodeList, byNode, hash, errors);
      }
      history.cleanup(revisions.olds(), historyLimit(ds), liveHashes(byNode), true);
    }
    result = result.soonest(updateStatus(ds, spec, nodeList, byNode, hash));
    if (!errors.isEmpty()) throw errors.get(0);
    return result;
  }

  /** Pods this DaemonSet owns (after adopting orphans and releasing non-matching pods), grouped by target node. */
  private Map<String, List<Pod>> claimPods(DaemonSet ds) {
    Map<String, List<Pod>> byNode = new TreeMap<>();
    for (Pod claimed : ControllerRefs.claim(ds, pods.inNamespace(ds.getMetadata().getNamespace()),
        p -> LabelSelectors.matches(ds.getSpec().getSelector(), p.getMetadata().getLabels()), p -> true, writer)) {
      String node = DaemonPods.targetNode(claimed);
      if (node != null) byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(claimed);
    }
    return byNode;
  }

  /** Kubernetes' {@code manage}: a pod where one belongs, none where none does, no failed ones or duplicates. */
  private void manage(String key, DaemonSet ds, PodSpec spec, List<Node> nodeList, Map<String, List<Pod>> byNode,
      String hash, List<RuntimeException> errors) throws InterruptedException {
    List<String> needing = new ArrayList<>();
    List<Pod> doomed = new ArrayList<>();
    Set<String> existing = new HashSet<>();
    for (Node node : nodeList) {
      String name = node.getMetadata().getName();
      existing.add(name);
      DaemonPods.Placement placement = DaemonPods.placement(ds, spec, node);
      List<Pod> onNode = byNode.getOrDefault(name, List.of());
      if (placement.shouldRun() && onNode.isEmpty()) {
        needing.add(name);
      } else if (placement.shouldContinueRunning()) {
        List<Pod> running = new ArrayList<>();
        for (Pod p : onNode) {
          if (p.getMetadata().getDeletionTimestamp() != null) continue;
          String phase = PodStates.phase(p);
          if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            if ("Failed".equals(phase)) {
              events.warning(ds, "FailedDaemonPod", "Found failed daemon pod " + Keys.of(p) + " on node " + name
                  + ", will try to kill it");
            }
            doomed.add(p);
          } else {
            running.add(p);
          }
        }
        running.sort(Comparator.comparing((Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(p -> p.getMetadata().getName()));
        if (running.size() > 1) doomed.addAll(running.subList(1, running.size()));
      } else if (!onNode.isEmpty()) {
        onNode.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(doomed::add);
      }
    }
    // Pods for nodes that are gone and that no scheduler will ever place.
    byNode.forEach((node, ps) -> {
      if (existing.contains(node)) return;
      ps.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
          && (p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())).forEach(doomed::add);
    });
    syncNodes(key, ds, spec, doomed, needing, hash, errors);
  }

  private void syncNodes(String key, DaemonSet ds, PodSpec spec, List<Pod> doomed, List<String> needing, String hash,
      List<RuntimeException> errors) throws InterruptedException {
    if (!needing.isEmpty()) {
      expectations.expectCreations(key, needing.size());
      int ok = ParallelWrites.slowStart(writes, needing.size(), i -> {
        Pod created = writer.create(DaemonPods.newPod(ds, spec, needing.get(i), hash));
        events.normal(ds, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
      }, errors);
      for (int i = ok; i < needing.size(); i++) expectations.creationObserved(key);
      if (ok < needing.size()) events.warning(ds, "FailedCreate", "Error creating: " + errors.get(0).getMessage());
    }
    if (!doomed.isEmpty()) {
      expectations.expectDeletions(key, doomed.stream().map(Keys::of).toList());
      int ok = ParallelWrites.slowStart(writes, doomed.size(), i -> {
        Pod p = doomed.get(i);
        try {
          if (writer.delete(Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName(), null)) {
            events.normal(ds, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
          } else {
            expectations.deletionObserved(key, Keys.of(p));
          }
        } catch (RuntimeException e) {
          expectations.deletionObserved(key, Keys.of(p));
          throw e;
        }
      }, errors);
      for (int i = ok; i < doomed.size(); i++) expectations.deletionObserved(key, Keys.of(doomed.get(i)));
    }
  }

  /**
   * Kubernetes' rolling update without surge: old pods that are unavailable anyway are replaced at
   * once; available old pods only while fewer than {@code maxUnavailable} daemon pods are
   * unavailable. The deleted pod's replacement comes from {@link #manage} on a later pass.
   */
  private Result rollingUpdate(String key, DaemonSet ds, PodSpec spec, List<Node> nodeList,
      Map<String, List<Pod>> byNode, String hash, List<RuntimeException> errors) throws InterruptedException {
    Instant now = clock.instant();
    Duration minReady = minReady(ds);
    int desired = (int) nodeList.stream().filter(n -> DaemonPods.placement(ds, spec, n).shouldRun()).count();
    int maxUnavailable = maxUnavailable(ds, desired);
    int unavailable = 0;
    List<Pod> replaceNow = new ArrayList<>();
    List<Pod> candidates = new ArrayList<>();
    Result result = Result.done();
    for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
      Pod newPod = null;
      Pod oldPod = null;
      boolean ambiguous = false;
      for (Pod p : e.getValue()) {
        if (p.getMetadata().getDeletionTimestamp() != null) continue;
        if (isUpdated(p, hash)) {
          ambiguous |= newPod != null;
          newPod = p;
        } else {
          ambiguous |= oldPod != null;
          oldPod = p;
        }
      }
      if (ambiguous || (newPod == null) == (oldPod == null)) {
        unavailable++;
      } else if (newPod != null) {
        if (!PodStates.isAvailable(newPod, minReady, now)) {
          unavailable++;
          if (PodStates.isReady(newPod)) result = result.soonest(Result.requeueAfter(availableIn(newPod, minReady, now)));
        }
      } else if (!PodStates.isAvailable(oldPod, minReady, now)) {
        replaceNow.add(oldPod);
      } else if (unavailable < maxUnavailable) {
        candidates.add(oldPod);
      }
    }
    int room = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
    List<Pod> doomed = new ArrayList<>(replaceNow);
    doomed.addAll(candidates.subList(0, room));
    syncNodes(key, ds, spec, doomed, List.of(), hash, errors);
    return result;
  }

  private static Duration availableIn(Pod p, Duration minReady, Instant now) {
    Instant since = PodStates.readySince(p);
    return (since == null ? minReady : Duration.between(now, since.plus(minReady))).plusMillis(100);
  }

  static boolean isUpdated(Pod p, String hash) {
    return p.getMetadata().getLabels() != null && hash.equals(p.getMetadata().getLabels().get(RevisionHistory.HASH_LABEL));
  }

  static boolean isRollingUpdate(DaemonSet ds) {
    return ds.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
  }

  /** maxUnavailable of the desired count, percentages rounded up; at least 1 (maxSurge is not supported). */
  static int maxUnavailable(DaemonSet ds, int desired) {
    var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
    if (ru == null || ru.getMaxUnavailable() == null) return 1;
    var v = ru.getMaxUnavailable();
    int n;
    if (v.getStrVal() != null) {
      String s = v.getStrVal().trim();
      n = s.endsWith("%") ? (int) Math.ceil(Integer.parseInt(s.substring(0, s.length() - 1)) * desired / 100.0)
          : Integer.parseInt(s);
    } else {
      n = v.getIntVal() == null ? 1 : v.getIntVal();
    }
    return Math.max(1, n);
  }

  private Result updateStatus(DaemonSet ds, PodSpec spec, List<Node> nodeList, Map<String, List<Pod>> byNode, String hash) {
    Instant now = clock.instant();
    Duration minReady = minReady(ds);
    int desired = 0;
    int current = 0;
    int misscheduled = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    Result result = Result.done();
    for (Node node : nodeList) {
      boolean shouldRun = DaemonPods.placement(ds, spec, node).shouldRun();
      List<Pod> onNode = byNode.getOrDefault(node.getMetadata().getName(), List.of());
      if (!shouldRun) {
        if (!onNode.isEmpty()) misscheduled++;
        continue;
      }
      desired++;
      if (onNode.isEmpty()) continue;
      current++;
      Pod oldest = onNode.stream().min(Comparator.comparing((Pod p) ->
          Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), "")).thenComparing(p -> p.getMetadata().getName())).get();
      if (PodStates.isReady(oldest)) {
        ready++;
        if (PodStates.isAvailable(oldest, minReady, now)) available++;
        else result = result.soonest(Result.requeueAfter(availableIn(oldest, minReady, now)));
      }
      if (hash != null && isUpdated(oldest, hash)) updated++;
    }
    DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    DaemonSetStatus s = Copies.deep(old);
    s.setDesiredNumberScheduled(desired);
    s.setCurrentNumberScheduled(current);
    s.setNumberMisscheduled(misscheduled);
    s.setNumberReady(ready);
    s.setNumberAvailable(available);
    s.setNumberUnavailable(desired - available == 0 ? null : desired - available);
    s.setUpdatedNumberScheduled(updated);
    s.setObservedGeneration(ds.getMetadata().getGeneration());
    if (!Objects.equals(Copies.serialization().asJson(s), Copies.serialization().asJson(old))) {
      DaemonSet copy = Copies.deep(ds);
      copy.setStatus(s);
      writer.updateStatus(copy);
    }
    return result;
  }

  private static Set<String> liveHashes(Map<String, List<Pod>> byNode) {
    Set<String> live = new HashSet<>();
    byNode.values().forEach(ps -> ps.forEach(p -> {
      String h = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(RevisionHistory.HASH_LABEL);
      if (h != null) live.add(h);
    }));
    return live;
  }

  private String currentHash(DaemonSet ds) {
    return history.owned(ds).stream().max(Comparator.comparingLong(RevisionHistory::number))
        .map(r -> r.getMetadata().getLabels().get(RevisionHistory.HASH_LABEL)).orElse(null);
  }

  private static int historyLimit(DaemonSet ds) {
    return ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
  }

  private static Integer collisionCount(DaemonSet ds) {
    return ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
  }

  private void bumpCollisionCount(DaemonSet ds) {
    DaemonSet copy = Copies.deep(ds);
    if (copy.getStatus() == null) copy.setStatus(new DaemonSetStatus());
    Integer c = copy.getStatus().getCollisionCount();
    copy.getStatus().setCollisionCount(c == null ? 1 : c + 1);
    writer.updateStatus(copy);
  }
}
