package io.capstan.controllermanager.disruption;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.LabelSelectors;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each PodDisruptionBudget's status current (Kubernetes' disruption controller):
 * {@code expectedPods}, {@code desiredHealthy}, {@code currentHealthy}, {@code disruptionsAllowed},
 * {@code disruptedPods} and {@code observedGeneration}, which the eviction API and the scheduler's
 * preemption read. A budget is synced whenever it or a pod it selects changes.
 */
public final class DisruptionReconciler implements Reconciler {
  public static final String NAME = "disruption";

  private final Store<PodDisruptionBudget> budgets;
  private final Store<Pod> pods;
  private final ExpectedScale scale;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;

  DisruptionReconciler(Store<PodDisruptionBudget> budgets, Store<Pod> pods, ExpectedScale scale, ApiWriter writer,
      EventRecorder events, Clock clock) {
    this.budgets = budgets;
    this.pods = pods;
    this.scale = scale;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<PodDisruptionBudget> pdbs =
        ctx.informers().informer(PodDisruptionBudget.class, "/registry/policy/poddisruptionbudgets");
    Informer<Pod> pods = ctx.informers().informer(Pod.class, "/registry/pods");
    ExpectedScale scale = new ExpectedScale(
        ctx.informers().informer(ReplicaSet.class, "/registry/apps/replicasets").store(),
        ctx.informers().informer(Deployment.class, "/registry/apps/deployments").store(),
        ctx.informers().informer(StatefulSet.class, "/registry/apps/statefulsets").store(),
        ctx.informers().informer(ReplicationController.class, "/registry/replicationcontrollers").store());
    DisruptionReconciler r = new DisruptionReconciler(pdbs.store(), pods.store(), scale, ctx.writer(), ctx.events(),
        ctx.clock());
    Controller c = ctx.controller(NAME, r);
    pdbs.addEventHandler(c.enqueueOnChange(Keys::of));
    pods.addEventHandler(c.enqueueRelated(r::budgetsOf));
    return c;
  }

  /** Keys of the budgets in the pod's namespace that select it. */
  List<String> budgetsOf(Pod p) {
    return budgets.inNamespace(p.getMetadata().getNamespace()).stream()
        .filter(b -> LabelSelectors.matches(b.getSpec().getSelector(), p.getMetadata().getLabels()))
        .map(Keys::of).toList();
  }

  @Override
  public Result reconcile(String key) {
    Optional<PodDisruptionBudget> cached = budgets.get(key);
    if (cached.isEmpty()) return Result.done();
    PodDisruptionBudget pdb = cached.get();
    if (pdb.getMetadata().getDeletionTimestamp() != null) return Result.done();
    Instant now = clock.instant();
    List<Pod> selected = pods.inNamespace(pdb.getMetadata().getNamespace()).stream()
        .filter(p -> LabelSelectors.matches(pdb.getSpec().getSelector(), p.getMetadata().getLabels())).toList();
    BudgetStatus.Computed computed;
    try {
      computed = BudgetStatus.compute(pdb, selected, scale, now);
    } catch (ExpectedScale.UnknownController e) {
      write(pdb, BudgetStatus.failSafe(pdb, e.getMessage(), now));
      events.warning(pdb, "CalculateExpectedPodCountFailed",
          "Failed to calculate the number of expected pods: " + e.getMessage());
      // A controller may appear later in the cache (or be created): try again, upstream waits on events too.
      return Result.requeueAfter(Duration.ofSeconds(15));
    }
    if (write(pdb, computed.status()) && !computed.unmanaged().isEmpty()) {
      events.warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
          + pdb.getSpec().getSelector() + ") were found to be unmanaged. As a result, the status of the PDB cannot "
          + "be calculated correctly, which may result in undefined behavior. To account for these pods please "
          + "set \".spec.minAvailable\" field of the PDB to an integer value.");
    }
    return computed.recheckAt() == null ? Result.done()
        : Result.requeueAfter(Duration.between(now, computed.recheckAt()).plusMillis(100));
  }

  /** Writes the status through /status when it changed; true when written. */
  private boolean write(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) {
    if (BudgetStatus.same(pdb.getStatus(), status)) return false;
    writer.updateStatus(new PodDisruptionBudgetBuilder(pdb).withStatus(status).build());
    return true;
  }
}
