package io.capstan.controllermanager.cronjob;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.SharedInformers;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates a CronJob's Jobs on schedule (Kubernetes' {@code cronjob_controllerv2.go}): at the most
 * recent missed activation (within {@code startingDeadlineSeconds}), unless suspended, with
 * concurrencyPolicy Allow, Forbid (skip while one runs) or Replace (delete the running ones). Jobs
 * are named {@code <cronjob>-<scheduled minutes since the epoch>}, so an activation never runs
 * twice; finished Jobs beyond the history limits are deleted. Status: {@code active},
 * {@code lastScheduleTime}, {@code lastSuccessfulTime}. Time comes from the injected clock.
 */
public final class CronJobReconciler implements Reconciler {
  public static final String NAME = "cronjob";
  static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
  /** More missed activations than this are not counted (Kubernetes warns at 100). */
  private static final int TOO_MANY_MISSED = 100;

  private final Store<CronJob> cronJobs;
  private final Store<Job> jobs;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;

  public CronJobReconciler(Store<CronJob> cronJobs, Store<Job> jobs, ApiWriter writer, EventRecorder events, Clock clock) {
    this.cronJobs = cronJobs;
    this.jobs = jobs;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<CronJob> cjs = ctx.informers().informer(CronJob.class, "/registry/batch/cronjobs");
    Informer<Job> js = ctx.informers().informer(Job.class, "/registry/batch/jobs");
    CronJobReconciler r = new CronJobReconciler(cjs.store(), js.store(), ctx.writer(), ctx.events(), ctx.clock());
    Controller c = ctx.controller(NAME, r);
    cjs.addEventHandler(c.enqueueOnChange(Keys::of));
    js.addEventHandler(c.enqueueOnChange(j -> OwnerRefs.controllerOf(j).filter(ref -> "CronJob".equals(ref.getKind()))
        .map(ref -> Keys.of(j.getMetadata().getNamespace(), ref.getName())).orElse(null)));
    return c;
  }

  @Override
  public Result reconcile(String key) {
    Optional<CronJob> cached = cronJobs.get(key);
    if (cached.isEmpty()) return Result.done();
    CronJob cj = cached.get();
    Instant now = clock.instant();
    List<Job> owned = jobs.byIndex(SharedInformers.BY_CONTROLLER, cj.getMetadata().getUid());
    CronJobStatus status = cj.getStatus() == null ? new CronJobStatus() : Copies.deep(cj.getStatus());
    syncActive(cj, owned, status);
    Result result = Result.done();
    if (cj.getMetadata().getDeletionTimestamp() == null && !Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
      result = schedule(cj, status, now);
    }
    writeStatus(cj, status);
    cleanupFinished(cj, owned);
    return result;
  }

  /** Drops finished and vanished Jobs from {@code active}; advances {@code lastSuccessfulTime}. */
  private void syncActive(CronJob cj, List<Job> owned, CronJobStatus status) {
    List<ObjectReference> active = status.getActive() == null ? new ArrayList<>() : new ArrayList<>(status.getActive());
    Set<String> ownedUids = owned.stream().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet());
    for (Job j : owned) {
      boolean listed = active.stream().anyMatch(a -> j.getMetadata().getUid().equals(a.getUid()));
      String finished = finishedCondition(j);
      if (listed && finished != null) {
        active.removeIf(a -> j.getMetadata().getUid().equals(a.getUid()));
        events.normal(cj, "SawCompletedJob", "Saw completed job: " + j.getMetadata().getName() + ", condition: " + finished);
      } else if (!listed && finished == null) {
        events.warning(cj, "UnexpectedJob", "Saw a job that the controller did not create or forgot: " + j.getMetadata().getName());
      }
      if ("Complete".equals(finished) && j.getStatus().getCompletionTime() != null) {
        Instant done = Instant.parse(j.getStatus().getCompletionTime());
        if (status.getLastSuccessfulTime() == null || done.isAfter(Instant.parse(status.getLastSuccessfulTime()))) {
          status.setLastSuccessfulTime(format(done));
        }
      }
    }
    for (ObjectReference a : List.copyOf(active)) {
      if (ownedUids.contains(a.getUid())) continue;
      // The cache may not have seen a Job just created: ask the apiserver before forgetting it.
      if (writer.get("batch/v1", "Job", a.getNamespace(), a.getName()) == null) {
        active.remove(a);
        events.normal(cj, "MissingJob", "Active job went missing: " + a.getName());
      }
    }
    status.setActive(active.isEmpty() ? null : active);
  }

  /** Starts the Job of the latest unmet activation if allowed; returns when to look again. */
  private Result schedule(CronJob cj, CronJobStatus status, Instant now) {
    CronSchedule schedule;
    try {
      schedule = CronSchedule.parse(cj.getSpec().getSchedule(), zone(cj));
    } catch (IllegalArgumentException e) {
      events.warning(cj, "UnparseableSchedule", "unparseable schedule: \"" + cj.getSpec().getSchedule() + "\" : " + e.getMessage());
      return Result.done();
    } catch (DateTimeException e) {
      events.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + cj.getSpec().getTimeZone() + "\": " + e.getMessage());
      return Result.done();
    }
    Result next = nextActivation(schedule, now);
    Instant scheduled = mostRecentUnmet(cj, schedule, now);
    if (scheduled == null) return next;
    Long deadline = cj.getSpec().getStartingDeadlineSeconds();
    if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
      events.warning(cj, "MissSchedule", "Missed scheduled time to start a job: " + format(scheduled));
      return next;
    }
    String jobName = jobName(cj, scheduled);
    boolean listed = status.getActive() != null && status.getActive().stream().anyMatch(a -> jobName.equals(a.getName()));
    if (listed || format(scheduled).equals(status.getLastScheduleTime())) return next;
    String policy = Objects.requireNonNullElse(cj.getSpec().getConcurrencyPolicy(), "Allow");
    List<ObjectReference> active = status.getActive() == null ? new ArrayList<>() : new ArrayList<>(status.getActive());
    if ("Forbid".equals(policy) && !active.isEmpty()) {
      events.normal(cj, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return next;
    }
    if ("Replace".equals(policy)) {
      for (ObjectReference a : List.copyOf(active)) {
        writer.delete(Job.class, a.getNamespace(), a.getName(), "Background");
        events.normal(cj, "SuccessfulDelete", "Deleted job " + a.getName());
        active.remove(a);
      }
    }
    Job created;
    try {
      created = writer.create(jobFor(cj, scheduled, jobName));
      events.normal(cj, "SuccessfulCreate", "Created job " + jobName);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        events.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
        throw e;
      }
      // Created by an earlier pass whose status write was lost: it is ours if it names us its controller.
      var existing = writer.get("batch/v1", "Job", cj.getMetadata().getNamespace(), jobName);
      if (existing == null || !OwnerRefs.isControlledBy(existing, cj.getMetadata().getUid())) throw e;
      created = Copies.serialization().convertValue(existing, Job.class);
    }
    active.add(new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
        .withName(created.getMetadata().getName()).withNamespace(created.getMetadata().getNamespace())
        .withUid(created.getMetadata().getUid()).withResourceVersion(created.getMetadata().getResourceVersion()).build());
    status.setActive(active);
    status.setLastScheduleTime(format(scheduled));
    return next;
  }

  /**
   * Kubernetes' mostRecentScheduleTime: the latest activation after the last scheduled one (or the
   * CronJob's creation, or now minus startingDeadlineSeconds if later) that is not after now.
   */
  private Instant mostRecentUnmet(CronJob cj, CronSchedule schedule, Instant now) {
    Instant earliest = cj.getStatus() != null && cj.getStatus().getLastScheduleTime() != null
        ? Instant.parse(cj.getStatus().getLastScheduleTime())
        : Instant.parse(cj.getMetadata().getCreationTimestamp());
    Long deadline = cj.getSpec().getStartingDeadlineSeconds();
    if (deadline != null && now.minusSeconds(deadline).isAfter(earliest)) earliest = now.minusSeconds(deadline);
    Instant latest = null;
    ZonedDateTime t = earliest.atZone(ZoneOffset.UTC);
    int missed = 0;
    while (true) {
      ZonedDateTime n = schedule.next(t);
      if (n == null || n.toInstant().isAfter(now)) break;
      latest = n.toInstant();
      t = n;
      missed++;
    }
    if (missed > TOO_MANY_MISSED) {
      events.warning(cj, "TooManyMissedTimes", "too many missed start times: " + missed
          + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    return latest;
  }

  private static Result nextActivation(CronSchedule schedule, Instant now) {
    ZonedDateTime n = schedule.next(now.atZone(ZoneOffset.UTC));
    if (n == null) return Result.done();
    return Result.requeueAfter(Duration.between(now, n.toInstant()).plusMillis(100));
  }

  private static ZoneId zone(CronJob cj) {
    String tz = cj.getSpec().getTimeZone();
    return tz == null || tz.isEmpty() ? ZoneOffset.UTC : ZoneId.of(tz);
  }

  /** {@code <cronjob>-<scheduled time in minutes since the epoch>}, as Kubernetes names them. */
  static String jobName(CronJob cj, Instant scheduled) {
    return cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
  }

  private static Job jobFor(CronJob cj, Instant scheduled, String name) {
    JobTemplateSpec t = cj.getSpec().getJobTemplate();
    Map<String, String> labels = t.getMetadata() == null || t.getMetadata().getLabels() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(t.getMetadata().getLabels());
    Map<String, String> annotations = t.getMetadata() == null || t.getMetadata().getAnnotations() == null
        ? new LinkedHashMap<>() : new LinkedHashMap<>(t.getMetadata().getAnnotations());
    annotations.put(SCHEDULED_TIMESTAMP, scheduled.atZone(zone(cj)).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    return new JobBuilder().withNewMetadata().withName(name).withNamespace(cj.getMetadata().getNamespace())
        .withLabels(labels).withAnnotations(annotations).withOwnerReferences(OwnerRefs.controllerRef(cj)).endMetadata()
        .withSpec(Copies.deep(t.getSpec())).build();
  }

  /** "Complete" or "Failed" once a Job has finished, else null. */
  static String finishedCondition(Job j) {
    if (j.getStatus() == null || j.getStatus().getConditions() == null) return null;
    return j.getStatus().getConditions().stream()
        .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()))
        .map(c -> c.getType()).findFirst().orElse(null);
  }

  private void writeStatus(CronJob cj, CronJobStatus status) {
    CronJobStatus old = cj.getStatus() == null ? new CronJobStatus() : cj.getStatus();
    if (Objects.equals(Copies.serialization().asJson(old), Copies.serialization().asJson(status))) return;
    CronJob copy = Copies.deep(cj);
    copy.setStatus(status);
    writer.updateStatus(copy);
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  private void cleanupFinished(CronJob cj, List<Job> owned) {
    prune(owned, "Complete", cj.getSpec().getSuccessfulJobsHistoryLimit());
    prune(owned, "Failed", cj.getSpec().getFailedJobsHistoryLimit());
  }

  private void prune(List<Job> owned, String condition, Integer limit) {
    if (limit == null) return;
    List<Job> finished = new ArrayList<>(owned.stream().filter(j -> condition.equals(finishedCondition(j))
        && j.getMetadata().getDeletionTimestamp() == null).toList());
    if (finished.size() <= limit) return;
    finished.sort(Comparator.comparing((Job j) -> j.getStatus().getStartTime() == null ? "~" : j.getStatus().getStartTime())
        .thenComparing(j -> j.getMetadata().getName()));
    for (Job j : finished.subList(0, finished.size() - limit)) {
      writer.delete(Job.class, j.getMetadata().getNamespace(), j.getMetadata().getName(), "Background");
    }
  }

  private static String format(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
