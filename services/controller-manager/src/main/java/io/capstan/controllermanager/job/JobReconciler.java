package io.capstan.controllermanager.job;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Expectations;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.SharedInformers;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Runs a Job's pods to completion (Kubernetes' job controller): keeps
 * {@code min(parallelism, completions - succeeded)} pods active, counts Succeeded and Failed
 * pods, fails the Job past {@code backoffLimit} or {@code activeDeadlineSeconds}, completes it at
 * {@code completions} (or, without completions, at the first success once none is active).
 * Indexed Jobs give each pod a completion index (annotation, label, {@code JOB_COMPLETION_INDEX},
 * hostname) and complete when every index has succeeded.
 */
public final class JobReconciler implements Reconciler {
  public static final String NAME = "job";
  static final String INDEX = "batch.kubernetes.io/job-completion-index";

  private final Store<Job> jobs;
  private final Store<Pod> pods;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;
  private final Expectations expectations = new Expectations();

  public JobReconciler(Store<Job> jobs, Store<Pod> pods, ApiWriter writer, EventRecorder events, Clock clock) {
    this.jobs = jobs;
    this.pods = pods;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<Job> js = ctx.informers().informer(Job.class, "/registry/batch/jobs");
    Informer<Pod> ps = ctx.informers().informer(Pod.class, "/registry/pods");
    JobReconciler r = new JobReconciler(js.store(), ps.store(), ctx.writer(), ctx.events(), ctx.clock());
    Controller c = ctx.controller(NAME, r);
    js.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job j, boolean initial) {
        c.enqueue(Keys.of(j));
      }

      @Override
      public void onUpdate(Job old, Job now) {
        c.enqueue(Keys.of(now));
      }

      @Override
      public void onDelete(Job j) {
        r.expectations.forget(Keys.of(j));
      }
    });
    ps.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod p, boolean initial) {
        r.owner(p).ifPresent(k -> {
          r.expectations.creationObserved(k);
          c.enqueue(k);
        });
      }

      @Override
      public void onUpdate(Pod old, Pod now) {
        r.owner(now).ifPresent(c::enqueue);
      }

      @Override
      public void onDelete(Pod p) {
        r.owner(p).ifPresent(k -> {
          r.expectations.deletionObserved(k, Keys.of(p));
          c.enqueue(k);
        });
      }
    });
    return c;
  }

  private Optional<String> owner(Pod p) {
    return OwnerRefs.controllerOf(p).filter(ref -> "Job".equals(ref.getKind()))
        .map(ref -> Keys.of(p.getMetadata().getNamespace(), ref.getName()));
  }

  @Override
  public Result reconcile(String key) throws Exception {
    Optional<Job> cached = jobs.get(key);
    if (cached.isEmpty()) return Result.done();
    Job job = cached.get();
    if (finished(job) || Boolean.TRUE.equals(job.getSpec().getSuspend())) return Result.done();
    Instant now = clock.instant();
    List<Pod> owned = pods.byIndex(SharedInformers.BY_CONTROLLER, job.getMetadata().getUid());
    List<Pod> active = owned.stream().filter(PodStates::isActive).toList();
    int failed = (int) owned.stream().filter(p -> "Failed".equals(PodStates.phase(p))).count();
    boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
    Integer completions = job.getSpec().getCompletions();
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    TreeSet<Integer> succeededIndexes = new TreeSet<>();
    int succeeded = 0;
    for (Pod p : owned) {
      if (!"Succeeded".equals(PodStates.phase(p))) continue;
      succeeded++;
      if (indexed) index(p).ifPresent(succeededIndexes::add);
    }
    if (indexed) succeeded = succeededIndexes.size();

    JobStatus status = job.getStatus() == null ? new JobStatus() : Copies.deep(job.getStatus());
    if (status.getStartTime() == null) status.setStartTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Instant start = Instant.parse(status.getStartTime());
    int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    Result result = Result.done();
    String failure = null;
    String failureMessage = null;
    if (failed > backoffLimit) {
      failure = "BackoffLimitExceeded";
      failureMessage = "Job has reached the specified backoff limit";
    } else if (deadline != null && !start.plusSeconds(deadline).isAfter(now)) {
      failure = "DeadlineExceeded";
      failureMessage = "Job was active longer than specified deadline";
    }
    boolean complete = completions == null ? succeeded > 0 && active.isEmpty() : succeeded >= completions;
    if (failure != null) {
      deleteAll(active);
      addCondition(status, "FailureTarget", failure, failureMessage, now);
      addCondition(status, "Failed", failure, failureMessage, now);
      events.warning(job, failure, failureMessage);
      active = List.of();
    } else if (complete) {
      deleteAll(active);
      active = List.of();
      addCondition(status, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now);
      addCondition(status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods", now);
      status.setCompletionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
      events.normal(job, "Completed", "Job completed");
    } else if (expectations.satisfied(key)) {
      int want = completions == null ? parallelism : Math.min(parallelism, completions - succeeded);
      int missing = want - active.size();
      if (missing > 0) {
        List<Integer> indexes = indexed ? freeIndexes(completions, succeededIndexes, active, missing) : null;
        int n = indexed ? indexes.size() : missing;
        expectations.expectCreations(key, n);
        for (int i = 0; i < n; i++) {
          try {
            Pod created = writer.create(podFor(job, indexed ? indexes.get(i) : null));
            events.normal(job, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
          } catch (RuntimeException e) {
            for (int j = i; j < n; j++) expectations.creationObserved(key);
            throw e;
          }
        }
      } else if (missing < 0) {
        List<Pod> excess = active.subList(0, -missing);
        expectations.expectDeletions(key, excess.stream().map(Keys::of).toList());
        deleteAll(excess);
      }
      if (deadline != null) result = Result.requeueAfter(Duration.between(now, start.plusSeconds(deadline)).plusMillis(100));
    }
    status.setActive(active.size());
    status.setSucceeded(succeeded);
    status.setFailed(failed);
    status.setReady((int) active.stream().filter(PodStates::isReady).count());
    if (indexed) status.setCompletedIndexes(ranges(succeededIndexes));
    if (!Copies.serialization().asJson(status).equals(Copies.serialization().asJson(
        job.getStatus() == null ? new JobStatus() : job.getStatus()))) {
      Job copy = Copies.deep(job);
      copy.setStatus(status);
      writer.updateStatus(copy);
    }
    return result;
  }

  private void deleteAll(List<Pod> victims) {
    for (Pod p : victims) writer.delete(Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName(), null);
  }

  static boolean finished(Job j) {
    if (j.getStatus() == null || j.getStatus().getConditions() == null) return false;
    return j.getStatus().getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static void addCondition(JobStatus s, String type, String reason, String message, Instant now) {
    String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
    JobCondition c = new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(t).withLastTransitionTime(t).build();
    List<JobCondition> list = new ArrayList<>(s.getConditions() == null ? List.of() : s.getConditions());
    list.removeIf(x -> type.equals(x.getType()));
    list.add(c);
    s.setConditions(list);
  }

  private static Optional<Integer> index(Pod p) {
    Map<String, String> a = p.getMetadata().getAnnotations();
    if (a == null || a.get(INDEX) == null) return Optional.empty();
    try {
      return Optional.of(Integer.parseInt(a.get(INDEX)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<Integer> freeIndexes(Integer completions, TreeSet<Integer> succeeded, List<Pod> active, int max) {
    TreeSet<Integer> taken = new TreeSet<>(succeeded);
    for (Pod p : active) index(p).ifPresent(taken::add);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < (completions == null ? 0 : completions) && out.size() < max; i++) {
      if (!taken.contains(i)) out.add(i);
    }
    return out;
  }

  /** "0-2,4": Kubernetes' completedIndexes format. */
  static String ranges(TreeSet<Integer> indexes) {
    StringBuilder b = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int i : indexes) {
      if (start == null) {
        start = i;
      } else if (i != prev + 1) {
        append(b, start, prev);
        start = i;
      }
      prev = i;
    }
    if (start != null) append(b, start, prev);
    return b.length() == 0 ? null : b.toString();
  }

  private static void append(StringBuilder b, int from, int to) {
    if (b.length() > 0) b.append(',');
    b.append(from == to ? Integer.toString(from) : from + "-" + to);
  }

  static Pod podFor(Job job, Integer index) {
    var t = job.getSpec().getTemplate();
    Map<String, String> labels = new LinkedHashMap<>(t.getMetadata() == null || t.getMetadata().getLabels() == null
        ? Map.of() : t.getMetadata().getLabels());
    labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("controller-uid", job.getMetadata().getUid());
    labels.put("job-name", job.getMetadata().getName());
    Map<String, String> annotations = new LinkedHashMap<>(t.getMetadata() == null || t.getMetadata().getAnnotations() == null
        ? Map.of() : t.getMetadata().getAnnotations());
    String prefix = job.getMetadata().getName() + "-";
    if (index != null) {
      labels.put(INDEX, index.toString());
      annotations.put(INDEX, index.toString());
      prefix = job.getMetadata().getName() + "-" + index + "-";
    }
    Pod p = new PodBuilder().withNewMetadata().withGenerateName(prefix).withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels).withAnnotations(annotations).withOwnerReferences(OwnerRefs.controllerRef(job)).endMetadata()
        .withSpec(Copies.deep(t.getSpec())).build();
    if (index != null) {
      p.getSpec().setHostname(job.getMetadata().getName() + "-" + index);
      p.getSpec().getContainers().forEach(c -> {
        if (c.getEnv() == null) c.setEnv(new ArrayList<>());
        c.getEnv().add(new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
            .withFieldPath("metadata.annotations['" + INDEX + "']").endFieldRef().endValueFrom().build());
      });
    }
    return p;
  }
}
