package io.capstan.controllermanager.replicaset;

import io.capstan.client.informer.Informer;
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
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.ParallelWrites;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Keeps {@code spec.replicas} active pods matching a ReplicaSet's selector (Kubernetes'
 * {@code replica_set.go}): adopts matching orphans, releases owned pods whose labels no longer
 * match, creates from the template or deletes in {@link PodDeletionOrder}, at most
 * {@link #BURST} per pass, guarded by {@link Expectations}; then reports status.
 */
public final class ReplicaSetReconciler implements Reconciler {
  public static final String NAME = "replicaset";
  static final int BURST = 500;

  private final Store<ReplicaSet> replicaSets;
  private final Store<Pod> pods;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final ExecutorService writes;
  private final Clock clock;
  private final Expectations expectations = new Expectations();
  private final String ownerKind;

  public ReplicaSetReconciler(Store<ReplicaSet> replicaSets, Store<Pod> pods, ApiWriter writer, EventRecorder events,
      ExecutorService writes, Clock clock) {
    this(replicaSets, pods, writer, events, writes, clock, "ReplicaSet");
  }

  /**
   * Over another ReplicaSet-shaped kind (ReplicationController, as Kubernetes runs it): {@code replicaSets}
   * presents those objects as ReplicaSets that keep their own apiVersion and kind (so owner
   * references and events name them), and {@code writer} writes their status back as that kind.
   */
  public ReplicaSetReconciler(Store<ReplicaSet> replicaSets, Store<Pod> pods, ApiWriter writer, EventRecorder events,
      ExecutorService writes, Clock clock, String ownerKind) {
    this.ownerKind = ownerKind;
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.writer = writer;
    this.events = events;
    this.writes = writes;
    this.clock = clock;
  }

  /** The controller with its informers' handlers wired. */
  public static Controller create(ControllerContext ctx) {
    Informer<ReplicaSet> rs = ctx.informers().informer(ReplicaSet.class, "/registry/apps/replicasets");
    return create(ctx, NAME, rs, rs.store(), ctx.writer(), "ReplicaSet");
  }

  /**
   * The controller named {@code name} over {@code owners} (ReplicaSets, or another kind seen as
   * ReplicaSets through {@code view} and written back through {@code writer}).
   */
  public static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Controller create(ControllerContext ctx,
      String name, Informer<T> owners, Store<ReplicaSet> view, ApiWriter writer, String ownerKind) {
    Informer<Pod> pods = ctx.informers().informer(Pod.class, "/registry/pods");
    ReplicaSetReconciler r = new ReplicaSetReconciler(view, pods.store(), writer, ctx.events(), ctx.writes(),
        ctx.clock(), ownerKind);
    Controller c = ctx.controller(name, r);
    owners.addEventHandler(c.enqueueOnChange(Keys::of, r.expectations::forget));
    pods.addEventHandler(new ControlledPodEvents<>(c, r.expectations, ownerKind, view, rs -> rs.getSpec().getSelector(),
        rs -> rs.getSpec().getMinReadySeconds()));
    return c;
  }

  private static Duration minReady(ReplicaSet rs) {
    Integer s = rs.getSpec().getMinReadySeconds();
    return Duration.ofSeconds(s == null ? 0 : s);
  }

  @Override
  public Result reconcile(String key) throws Exception {
    Optional<ReplicaSet> cached = replicaSets.get(key);
    if (cached.isEmpty()) {
      expectations.forget(key);
      return Result.done();
    }
    ReplicaSet rs = cached.get();
    boolean satisfied = expectations.satisfied(key);
    List<Pod> owned = claimPods(rs);
    List<RuntimeException> errors = new ArrayList<>();
    if (satisfied && rs.getMetadata().getDeletionTimestamp() == null) {
      manageReplicas(key, rs, owned, errors);
    }
    Result result = updateStatus(rs, owned);
    if (!errors.isEmpty()) throw errors.get(0);
    return result;
  }

  /** Active pods this ReplicaSet owns after adopting matching orphans and releasing non-matching pods. */
  private List<Pod> claimPods(ReplicaSet rs) {
    List<Pod> active = pods.inNamespace(rs.getMetadata().getNamespace()).stream().filter(PodStates::isActive).toList();
    return ControllerRefs.claim(rs, active, p -> LabelSelectors.matches(rs.getSpec().getSelector(), p.getMetadata().getLabels()),
        p -> !LabelSelectors.isEmpty(rs.getSpec().getSelector()), writer);
  }

  private void manageReplicas(String key, ReplicaSet rs, List<Pod> owned, List<RuntimeException> errors)
      throws InterruptedException {
    int want = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int diff = owned.size() - want;
    if (diff < 0) {
      int n = Math.min(-diff, BURST);
      expectations.expectCreations(key, n);
      Pod template = podFromTemplate(rs);
      int ok = ParallelWrites.slowStart(writes, n, i -> writer.create(Copies.deep(template)), errors);
      for (int i = ok; i < n; i++) expectations.creationObserved(key);
      if (ok > 0) events.normal(rs, "SuccessfulCreate", "Created " + ok + " pod(s)");
      if (ok < n) events.warning(rs, "FailedCreate", "Error creating: " + errors.get(0).getMessage());
    } else if (diff > 0) {
      int n = Math.min(diff, BURST);
      List<Pod> victims = new ArrayList<>(owned);
      victims.sort(PodDeletionOrder.INSTANCE);
      List<Pod> doomed = victims.subList(0, n);
      expectations.expectDeletions(key, doomed.stream().map(Keys::of).toList());
      int ok = ParallelWrites.slowStart(writes, n, i -> {
        Pod p = doomed.get(i);
        try {
          if (!writer.delete(Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName(), null)) {
            expectations.deletionObserved(key, Keys.of(p));
          }
        } catch (RuntimeException e) {
          expectations.deletionObserved(key, Keys.of(p));
          throw e;
        }
      }, errors);
      for (int i = ok; i < n; i++) expectations.deletionObserved(key, Keys.of(doomed.get(i)));
      if (ok > 0) events.normal(rs, "SuccessfulDelete", "Deleted " + ok + " pod(s)");
    }
  }

  static Pod podFromTemplate(ReplicaSet rs) {
    PodTemplateSpec t = rs.getSpec().getTemplate();
    Map<String, String> labels = t.getMetadata() == null ? null : t.getMetadata().getLabels();
    Map<String, String> annotations = t.getMetadata() == null ? null : t.getMetadata().getAnnotations();
    return new PodBuilder().withNewMetadata().withGenerateName(rs.getMetadata().getName() + "-")
        .withNamespace(rs.getMetadata().getNamespace()).withLabels(labels).withAnnotations(annotations)
        .withOwnerReferences(OwnerRefs.controllerRef(rs)).endMetadata()
        .withSpec(Copies.deep(t.getSpec())).build();
  }

  private Result updateStatus(ReplicaSet rs, List<Pod> owned) {
    Instant now = clock.instant();
    Duration minReady = minReady(rs);
    Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null ? Map.of()
        : Objects.requireNonNullElse(rs.getSpec().getTemplate().getMetadata().getLabels(), Map.of());
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    Duration nextAvailable = null;
    for (Pod p : owned) {
      Map<String, String> l = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
      if (l.entrySet().containsAll(templateLabels.entrySet())) fullyLabeled++;
      if (PodStates.isReady(p)) {
        ready++;
        if (PodStates.isAvailable(p, minReady, now)) {
          available++;
        } else {
          Instant since = PodStates.readySince(p);
          Duration left = since == null ? minReady : Duration.between(now, since.plus(minReady));
          if (nextAvailable == null || left.compareTo(nextAvailable) < 0) nextAvailable = left;
        }
      }
    }
    ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    ReplicaSetStatus status = new ReplicaSetStatusBuilder().withReplicas(owned.size())
        .withFullyLabeledReplicas(fullyLabeled).withReadyReplicas(ready).withAvailableReplicas(available)
        .withObservedGeneration(rs.getMetadata().getGeneration()).withConditions(old.getConditions()).build();
    if (!sameStatus(old, status)) {
      ReplicaSet copy = Copies.deep(rs);
      copy.setStatus(status);
      writer.updateStatus(copy);
    }
    return nextAvailable == null ? Result.done() : Result.requeueAfter(nextAvailable.plusMillis(100));
  }

  private static boolean sameStatus(ReplicaSetStatus a, ReplicaSetStatus b) {
    return zero(a.getReplicas()) == zero(b.getReplicas())
        && zero(a.getFullyLabeledReplicas()) == zero(b.getFullyLabeledReplicas())
        && zero(a.getReadyReplicas()) == zero(b.getReadyReplicas())
        && zero(a.getAvailableReplicas()) == zero(b.getAvailableReplicas())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
  }

  private static int zero(Integer i) {
    return i == null ? 0 : i;
  }
}
