package io.capstan.controllermanager.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.TestClock;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronJobReconcilerTest {
  private static final Instant CREATED = Instant.parse("2026-01-05T00:00:30Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();
  private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:01:10Z"));

  static CronJobBuilder cronJob(String policy) {
    return new CronJobBuilder().withNewMetadata().withName("tick").withNamespace("ns").withUid("cj-uid")
        .withCreationTimestamp(CREATED.toString()).withResourceVersion("4").endMetadata()
        .withNewSpec().withSchedule("* * * * *").withConcurrencyPolicy(policy).withSuspend(false)
        .withSuccessfulJobsHistoryLimit(1).withFailedJobsHistoryLimit(1)
        .withNewJobTemplate().withNewMetadata().addToLabels("app", "tick").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
        .withImage("busybox").endContainer().endSpec().endTemplate().endSpec().endJobTemplate().endSpec();
  }

  static Job job(String name, String condition, String started) {
    JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .withOwnerReferences(OwnerRefs.controllerRef(cronJob("Allow").build())).endMetadata().withNewSpec().endSpec()
        .withNewStatus().withStartTime(started).endStatus();
    if (condition != null) {
      b.editStatus().addNewCondition().withType(condition).withStatus("True").endCondition()
          .withCompletionTime("Complete".equals(condition) ? started.replace(":00Z", ":30Z") : null).endStatus();
    }
    return b.build();
  }

  static CronJob withActive(CronJob cj, String lastSchedule, Job... active) {
    CronJobBuilder b = new CronJobBuilder(cj).withNewStatus().withLastScheduleTime(lastSchedule).endStatus();
    for (Job j : active) {
      b.editStatus().addToActive(new ObjectReferenceBuilder().withKind("Job").withName(j.getMetadata().getName())
          .withNamespace("ns").withUid(j.getMetadata().getUid()).build()).endStatus();
    }
    return b.build();
  }

  private Result reconcile(CronJob cj, Job... jobs) {
    return new CronJobReconciler(Caches.of(cj), Caches.of(jobs), writer, events, clock).reconcile("ns/tick");
  }

  private CronJob lastStatus() {
    return (CronJob) writer.statusUpdates.get(writer.statusUpdates.size() - 1);
  }

  @Test
  void theMissedActivationStartsAJobNamedByItsMinuteAndIsRecorded() {
    Result r = reconcile(cronJob("Allow").build());

    long minutes = Instant.parse("2026-01-05T00:01:00Z").getEpochSecond() / 60;
    assertThat(writer.created(Job.class)).singleElement().satisfies(j -> {
      assertThat(j.getMetadata().getName()).isEqualTo("tick-" + minutes);
      assertThat(j.getMetadata().getLabels()).containsEntry("app", "tick");
      assertThat(j.getMetadata().getAnnotations()).containsEntry(CronJobReconciler.SCHEDULED_TIMESTAMP, "2026-01-05T00:01:00Z");
      assertThat(OwnerRefs.isControlledBy(j, "cj-uid")).isTrue();
    });
    assertThat(lastStatus().getStatus().getLastScheduleTime()).isEqualTo("2026-01-05T00:01:00Z");
    assertThat(lastStatus().getStatus().getActive()).singleElement()
        .satisfies(a -> assertThat(a.getName()).isEqualTo("tick-" + minutes));
    assertThat(events.lines).contains("Normal SuccessfulCreate Created job tick-" + minutes);
    assertThat(r.requeueAfter()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(51));
  }

  @Test
  void anActivationAlreadyScheduledIsNotRunAgain() {
    reconcile(withActive(cronJob("Allow").build(), "2026-01-05T00:01:00Z"));
    assertThat(writer.created).isEmpty();
  }

  @Test
  void forbidSkipsWhileAJobRunsAndReplaceDeletesItFirst() {
    Job running = job("tick-old", null, "2026-01-05T00:00:00Z");
    reconcile(withActive(cronJob("Forbid").build(), "2026-01-05T00:00:00Z", running), running);
    assertThat(writer.created).isEmpty();

    reconcile(withActive(cronJob("Replace").build(), "2026-01-05T00:00:00Z", running), running);
    assertThat(writer.deleted).containsExactly(new FakeApiWriter.Deletion("Job", "ns", "tick-old", "Background"));
    assertThat(writer.created(Job.class)).hasSize(1);
    assertThat(lastStatus().getStatus().getActive()).extracting(a -> a.getName()).doesNotContain("tick-old");
  }

  @Test
  void suspendedOrPastTheStartingDeadlineStartsNothing() {
    reconcile(cronJob("Allow").editSpec().withSuspend(true).endSpec().build());
    assertThat(writer.created).isEmpty();

    // The 00:01 activation is 50 s late, past the 10 s deadline: skipped, the next one is awaited.
    clock.set(Instant.parse("2026-01-05T00:01:50Z"));
    Result r = reconcile(cronJob("Allow").editSpec().withStartingDeadlineSeconds(10L).endSpec().build());
    assertThat(writer.created).isEmpty();
    assertThat(r.requeueAfter()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
  }

  @Test
  void finishedJobsLeaveTheActiveListAndOnlyTheHistoryLimitIsKept() {
    Job a = job("tick-a", "Complete", "2026-01-05T00:00:00Z");
    Job b = job("tick-b", "Complete", "2026-01-05T00:01:00Z");
    Job c = job("tick-c", "Failed", "2026-01-05T00:00:00Z");
    Job d = job("tick-d", "Failed", "2026-01-05T00:01:00Z");
    reconcile(withActive(cronJob("Allow").build(), "2026-01-05T00:01:00Z", b), a, b, c, d);

    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactlyInAnyOrder("tick-a", "tick-c");
    assertThat(lastStatus().getStatus().getActive()).isNull();
    assertThat(lastStatus().getStatus().getLastSuccessfulTime()).isEqualTo("2026-01-05T00:01:30Z");
    assertThat(events.lines).contains("Normal SawCompletedJob Saw completed job: tick-b, condition: Complete");
  }

  @Test
  void timeZoneShiftsTheActivations() {
    CronJob berlin = cronJob("Allow").editSpec().withSchedule("0 1 * * *").withTimeZone("Europe/Berlin").endSpec().build();
    clock.set(Instant.parse("2026-01-05T00:00:40Z"));
    reconcile(berlin);
    // 01:00 in Berlin is 00:00 UTC, before the CronJob existed: nothing yet, next in a day.
    assertThat(writer.created).isEmpty();
    assertThat(List.of(berlin.getSpec().getTimeZone())).containsExactly("Europe/Berlin");
    clock.set(Instant.parse("2026-01-06T00:00:05Z"));
    reconcile(berlin);
    assertThat(writer.created(Job.class)).singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getAnnotations()).containsEntry(CronJobReconciler.SCHEDULED_TIMESTAMP,
            "2026-01-06T01:00:00+01:00"));
  }
}
