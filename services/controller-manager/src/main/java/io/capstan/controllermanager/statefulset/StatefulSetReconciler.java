package io.capstan.controllermanager.statefulset;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerRefs;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.LabelSelectors;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.RevisionHistory;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a StatefulSet's pods {@code <name>-0 … <name>-(n-1)} (Kubernetes' {@code stateful_set_control.go}).
 * OrderedReady creates one pod at a time and waits for it to be Running and Ready, and scales
 * down from the highest ordinal, one at a time; Parallel does both at once. RollingUpdate replaces
 * pods from the highest ordinal down to {@code partition}, one at a time, each after its successor is
 * healthy again; OnDelete only gives recreated pods the new template. Revisions are
 * ControllerRevisions; {@code currentRevision} becomes {@code updateRevision} once every pod runs it.
 */
public final class StatefulSetReconciler implements Reconciler {
  public static final String NAME = "statefulset";

  private final Store<StatefulSet> sets;
  private final Store<Pod> pods;
  private final RevisionHistory history;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;

  public StatefulSetReconciler(Store<StatefulSet> sets, Store<Pod> pods, Store<ControllerRevision> revisions,
      ApiWriter writer, EventRecorder events, Clock clock) {
    this.sets = sets;
    this.pods = pods;
    this.history = new RevisionHistory(revisions, writer);
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<StatefulSet> ss = ctx.informers().informer(StatefulSet.class, "/registry/apps/statefulsets");
    Informer<Pod> ps = ctx.informers().informer(Pod.class, "/registry/pods");
    Informer<ControllerRevision> crs = ctx.informers().informer(ControllerRevision.class, "/registry/apps/controllerrevisions");
    StatefulSetReconciler r = new StatefulSetReconciler(ss.store(), ps.store(), crs.store(), ctx.writer(), ctx.events(),
        ctx.clock());
    Controller c = ctx.controller(NAME, r);
    ss.addEventHandler(c.enqueueOnChange(Keys::of));
    ps.addEventHandler(c.enqueueRelated(r::owners));
    crs.addEventHandler(c.enqueueOnChange(Keys.controllerOfKind("StatefulSet")));
    return c;
  }

  /** The controlling StatefulSet's key, or for an orphan every set whose selector matches it. */
  List<String> owners(Pod p) {
    return ControllerRefs.ownerKeys(p, "StatefulSet", sets.inNamespace(p.getMetadata().getNamespace()),
        s -> s.getSpec().getSelector());
  }

  /** The pods of one pass: those in the ordinal range by index, the rest (to delete) by ascending ordinal. */
  private record Members(Pod[] replicas, List<Pod> condemned) {}

  @Override
  public Result reconcile(String key) throws Exception {
    Optional<StatefulSet> cached = sets.get(key);
    if (cached.isEmpty()) return Result.done();
    StatefulSet set = cached.get();
    if (LabelSelectors.isEmpty(set.getSpec().getSelector())) {
      events.warning(set, "SelectingAll", "This statefulset is selecting all pods. A non-empty selector is required.");
      return Result.done();
    }
    // Deleting: the garbage collector removes the pods; nothing new may be made for the set.
    if (set.getMetadata().getDeletionTimestamp() != null) return Result.done();
    List<Pod> owned = claimPods(set);
    RevisionHistory.Snapshot revisions;
    try {
      revisions = history.sync(set, set.getSpec().getTemplate(), collisionCount(set), null);
    } catch (RevisionHistory.Collision e) {
      bumpCollisionCount(set);
      throw e;
    }
    ControllerRevision update = revisions.current();
    String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
    ControllerRevision current = revisions.olds().stream().filter(r -> r.getMetadata().getName().equals(currentName))
        .findFirst().orElse(update);
    Instant now = clock.instant();
    Members members = members(set, owned);
    StatefulSetStatus status = status(set, owned, current, update, now);
    Result result = act(set, members, current, update, now, status);
    completeRollingUpdate(set, status);
    writeStatus(set, status);
    Set<String> live = new HashSet<>(List.of(current.getMetadata().getName(), update.getMetadata().getName()));
    owned.stream().map(StatefulPods::revision).filter(Objects::nonNull).forEach(live::add);
    history.cleanup(revisions.olds(), historyLimit(set), live, false);
    return result.soonest(requeueForAvailability(set, owned, now));
  }

  private List<Pod> claimPods(StatefulSet set) {
    return ControllerRefs.claim(set, pods.inNamespace(set.getMetadata().getNamespace()),
        p -> LabelSelectors.matches(set.getSpec().getSelector(), p.getMetadata().getLabels()),
        p -> !StatefulPods.isTerminating(p) && StatefulPods.ordinal(set, p) >= 0, writer);
  }

  private static Members members(StatefulSet set, List<Pod> owned) {
    int replicas = replicas(set);
    int start = start(set);
    Pod[] inRange = new Pod[replicas];
    List<Pod> condemned = new ArrayList<>();
    for (Pod p : owned) {
      int ord = StatefulPods.ordinal(set, p);
      if (ord < 0) continue;
      if (ord >= start && ord < start + replicas) inRange[ord - start] = p;
      else condemned.add(p);
    }
    condemned.sort(Comparator.comparingInt(p -> StatefulPods.ordinal(set, p)));
    return new Members(inRange, condemned);
  }

  /** One pass of create, scale down and update; returns early wherever OrderedReady must wait. */
  private Result act(StatefulSet set, Members m, ControllerRevision current, ControllerRevision update, Instant now,
      StatefulSetStatus status) {
    boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
    Duration minReady = minReady(set);
    int start = start(set);
    Pod firstUnhealthy = null;
    for (Pod p : m.replicas()) {
      if (p != null && firstUnhealthy == null && !StatefulPods.isHealthy(p, minReady, now)) firstUnhealthy = p;
    }
    for (Pod p : m.condemned()) {
      if (firstUnhealthy == null && !StatefulPods.isHealthy(p, minReady, now)) firstUnhealthy = p;
    }
    for (int i = 0; i < m.replicas().length; i++) {
      int ordinal = start + i;
      Pod p = m.replicas()[i];
      if (p != null && StatefulPods.isFinished(p) && !StatefulPods.isTerminating(p)) {
        // A failed (or completed) member is replaced under the same name once it is gone.
        delete(set, p);
        if (monotonic) return Result.done();
        continue;
      }
      if (p == null) {
        createMember(set, ordinal, current, update, status);
        if (monotonic) return Result.done();
        continue;
      }
      if (monotonic && (StatefulPods.isTerminating(p) || !StatefulPods.isHealthy(p, minReady, now))) return Result.done();
    }
    for (int i = m.condemned().size() - 1; i >= 0; i--) {
      Pod p = m.condemned().get(i);
      if (StatefulPods.isTerminating(p)) {
        if (monotonic) return Result.done();
        continue;
      }
      if (monotonic && !StatefulPods.isRunningAndReady(p) && p != firstUnhealthy) return Result.done();
      delete(set, p);
      if (monotonic) return Result.done();
    }
    if (!isRollingUpdate(set)) return Result.done();
    int partition = partition(set);
    for (int i = m.replicas().length - 1; i >= 0 && start + i >= partition; i--) {
      Pod p = m.replicas()[i];
      if (p == null) return Result.done();
      if (!update.getMetadata().getName().equals(StatefulPods.revision(p)) && !StatefulPods.isTerminating(p)) {
        events.normal(set, "SuccessfulUpdate", "Pod " + p.getMetadata().getName() + " of StatefulSet "
            + set.getMetadata().getName() + " is being updated to revision " + update.getMetadata().getName());
        delete(set, p);
        return Result.done();
      }
      if (!StatefulPods.isHealthy(p, minReady, now)) return Result.done();
    }
    return Result.done();
  }

  /** Below the partition a recreated pod keeps the current revision; otherwise it gets the update revision. */
  private void createMember(StatefulSet set, int ordinal, ControllerRevision current, ControllerRevision update,
      StatefulSetStatus status) {
    boolean keepCurrent = isRollingUpdate(set) && ordinal < partition(set);
    ControllerRevision revision = keepCurrent ? current : update;
    PodTemplateSpec template = revision == update ? set.getSpec().getTemplate() : StatefulPods.templateOf(revision);
    Pod pod = StatefulPods.newPod(set, template, revision.getMetadata().getName(), ordinal);
    for (PersistentVolumeClaim claim : StatefulPods.claimTemplates(set)) {
      PersistentVolumeClaim pvc = StatefulPods.newClaim(set, claim, pod.getMetadata().getName());
      if (createIgnoringConflict(pvc)) {
        events.normal(set, "SuccessfulCreate", "create Claim " + pvc.getMetadata().getName() + " Pod "
            + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " success");
      }
    }
    // The new pod counts in this pass's status, as in Kubernetes, so a half-created set never looks updated.
    status.setReplicas(status.getReplicas() + 1);
    if (revision == current) status.setCurrentReplicas(status.getCurrentReplicas() + 1);
    if (revision == update) status.setUpdatedReplicas(status.getUpdatedReplicas() + 1);
    if (createIgnoringConflict(pod)) {
      events.normal(set, "SuccessfulCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " successful");
    }
  }

  /** False when the object already exists: the cache lags our own creations, names are stable. */
  private boolean createIgnoringConflict(io.fabric8.kubernetes.api.model.HasMetadata o) {
    try {
      writer.create(o);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) return false;
      events.warning(o, "FailedCreate", "create " + o.getKind() + " " + o.getMetadata().getName() + " failed error: "
          + e.getMessage());
      throw e;
    }
  }

  private void delete(StatefulSet set, Pod p) {
    if (writer.delete(Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName(), null)) {
      events.normal(set, "SuccessfulDelete", "delete Pod " + p.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " successful");
    }
  }

  private static StatefulSetStatus status(StatefulSet set, List<Pod> owned, ControllerRevision current,
      ControllerRevision update, Instant now) {
    Duration minReady = minReady(set);
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int currentReplicas = 0;
    int updated = 0;
    for (Pod p : owned) {
      if (StatefulPods.ordinal(set, p) < 0) continue;
      replicas++;
      if (StatefulPods.isRunningAndReady(p)) {
        ready++;
        if (PodStates.isAvailable(p, minReady, now)) available++;
      }
      if (StatefulPods.isTerminating(p)) continue;
      String revision = StatefulPods.revision(p);
      if (current.getMetadata().getName().equals(revision)) currentReplicas++;
      if (update.getMetadata().getName().equals(revision)) updated++;
    }
    StatefulSetStatus s = set.getStatus() == null ? new StatefulSetStatus() : Copies.deep(set.getStatus());
    s.setObservedGeneration(set.getMetadata().getGeneration());
    s.setReplicas(replicas);
    s.setReadyReplicas(ready);
    s.setAvailableReplicas(available);
    s.setCurrentReplicas(currentReplicas);
    s.setUpdatedReplicas(updated);
    s.setCurrentRevision(current.getMetadata().getName());
    s.setUpdateRevision(update.getMetadata().getName());
    return s;
  }

  /** Every pod runs the update revision and is ready: it becomes the current one (Kubernetes' completeRollingUpdate). */
  private static void completeRollingUpdate(StatefulSet set, StatefulSetStatus s) {
    if (isRollingUpdate(set) && s.getUpdatedReplicas().equals(s.getReplicas()) && s.getReadyReplicas().equals(s.getReplicas())) {
      s.setCurrentRevision(s.getUpdateRevision());
      s.setCurrentReplicas(s.getUpdatedReplicas());
    }
  }

  private void writeStatus(StatefulSet set, StatefulSetStatus s) {
    StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    if (Objects.equals(Copies.serialization().asJson(s), Copies.serialization().asJson(old))) return;
    StatefulSet copy = Copies.deep(set);
    copy.setStatus(s);
    writer.updateStatus(copy);
  }

  /** Ready pods become available after minReadySeconds: look again then. */
  private static Result requeueForAvailability(StatefulSet set, List<Pod> owned, Instant now) {
    Duration minReady = minReady(set);
    if (minReady.isZero()) return Result.done();
    Result r = Result.done();
    for (Pod p : owned) {
      Instant since = PodStates.readySince(p);
      if (since != null && !PodStates.isAvailable(p, minReady, now)) {
        r = r.soonest(Result.requeueAfter(Duration.between(now, since.plus(minReady)).plusMillis(100)));
      }
    }
    return r;
  }

  static boolean isRollingUpdate(StatefulSet set) {
    return set.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
  }

  static int partition(StatefulSet set) {
    var u = set.getSpec().getUpdateStrategy();
    if (u == null || u.getRollingUpdate() == null || u.getRollingUpdate().getPartition() == null) return 0;
    return u.getRollingUpdate().getPartition();
  }

  static int replicas(StatefulSet set) {
    return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
  }

  static int start(StatefulSet set) {
    return set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null ? 0
        : set.getSpec().getOrdinals().getStart();
  }

  static Duration minReady(StatefulSet set) {
    Integer s = set.getSpec().getMinReadySeconds();
    return Duration.ofSeconds(s == null ? 0 : s);
  }

  private static int historyLimit(StatefulSet set) {
    return set.getSpec().getRevisionHistoryLimit() == null ? 10 : set.getSpec().getRevisionHistoryLimit();
  }

  private static Integer collisionCount(StatefulSet set) {
    return set.getStatus() == null ? null : set.getStatus().getCollisionCount();
  }

  private void bumpCollisionCount(StatefulSet set) {
    StatefulSet copy = Copies.deep(set);
    if (copy.getStatus() == null) copy.setStatus(new StatefulSetStatus());
    Integer c = copy.getStatus().getCollisionCount();
    copy.getStatus().setCollisionCount(c == null ? 1 : c + 1);
    writer.updateStatus(copy);
  }
}
