package io.capstan.controllermanager.ttlafterfinished;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes finished Jobs {@code ttlSecondsAfterFinished} after they finished (Kubernetes'
 * ttlafterfinished controller), with background propagation so their pods go too.
 */
public final class TtlAfterFinishedReconciler implements Reconciler {
  public static final String NAME = "ttl-after-finished";

  private final Store<Job> jobs;
  private final ApiWriter writer;
  private final Clock clock;

  public TtlAfterFinishedReconciler(Store<Job> jobs, ApiWriter writer, Clock clock) {
    this.jobs = jobs;
    this.writer = writer;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<Job> js = ctx.informers().informer(Job.class, "/registry/batch/jobs");
    Controller c = ctx.controller(NAME, new TtlAfterFinishedReconciler(js.store(), ctx.writer(), ctx.clock()));
    js.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job j, boolean initial) {
        if (j.getSpec().getTtlSecondsAfterFinished() != null) c.enqueue(Keys.of(j));
      }

      @Override
      public void onUpdate(Job old, Job now) {
        if (now.getSpec().getTtlSecondsAfterFinished() != null) c.enqueue(Keys.of(now));
      }
    });
    return c;
  }

  @Override
  public Result reconcile(String key) {
    Optional<Job> cached = jobs.get(key);
    if (cached.isEmpty()) return Result.done();
    Job j = cached.get();
    Integer ttl = j.getSpec().getTtlSecondsAfterFinished();
    if (ttl == null || j.getMetadata().getDeletionTimestamp() != null) return Result.done();
    Optional<Instant> finished = finishedAt(j);
    if (finished.isEmpty()) return Result.done();
    Instant due = finished.get().plusSeconds(ttl);
    Instant now = clock.instant();
    if (due.isAfter(now)) return Result.requeueAfter(Duration.between(now, due));
    writer.delete(Job.class, j.getMetadata().getNamespace(), j.getMetadata().getName(), "Background");
    return Result.done();
  }

  static Optional<Instant> finishedAt(Job j) {
    if (j.getStatus() == null || j.getStatus().getConditions() == null) return Optional.empty();
    for (JobCondition c : j.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
        String t = c.getLastTransitionTime() != null ? c.getLastTransitionTime() : j.getStatus().getCompletionTime();
        return Optional.ofNullable(t).map(Instant::parse);
      }
    }
    return Optional.empty();
  }
}
