package io.capstan.controllermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JobReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();

  static JobBuilder job(int completions, int parallelism) {
    return new JobBuilder().withNewMetadata().withName("pi").withNamespace("ns").withUid("job-uid")
        .withResourceVersion("3").endMetadata().withNewSpec().withCompletions(completions).withParallelism(parallelism)
        .withBackoffLimit(1).withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
        .withImage("busybox").endContainer().endSpec().endTemplate().endSpec();
  }

  static Pod pod(Job j, String name, String phase, Integer index) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .withResourceVersion("4").withOwnerReferences(OwnerRefs.controllerRef(j)).endMetadata()
        .withNewSpec().endSpec().withNewStatus().withPhase(phase).endStatus();
    if (index != null) b.editMetadata().addToAnnotations(JobReconciler.INDEX, index.toString()).endMetadata();
    return b.build();
  }

  private void reconcile(Job j, Pod... pods) throws Exception {
    new JobReconciler(Caches.of(j), Caches.of(pods), writer, events, Clock.fixed(NOW, ZoneOffset.UTC)).reconcile("ns/pi");
  }

  private Job status() {
    return (Job) writer.statusUpdates.get(writer.statusUpdates.size() - 1);
  }

  @Test
  void keepsParallelismPodsActiveUntilCompletions() throws Exception {
    Job j = job(5, 2).build();
    reconcile(j, pod(j, "a", "Succeeded", null), pod(j, "b", "Succeeded", null), pod(j, "c", "Running", null));
    assertThat(writer.created(Pod.class)).hasSize(1).allSatisfy(p -> {
      assertThat(p.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "pi")
          .containsEntry("batch.kubernetes.io/controller-uid", "job-uid");
      assertThat(OwnerRefs.isControlledBy(p, "job-uid")).isTrue();
    });
    assertThat(status().getStatus().getSucceeded()).isEqualTo(2);
    assertThat(status().getStatus().getActive()).isEqualTo(1);
    assertThat(status().getStatus().getStartTime()).isEqualTo("2026-01-01T00:10:00Z");
  }

  @Test
  void completesAtCompletions() throws Exception {
    Job j = job(2, 2).build();
    reconcile(j, pod(j, "a", "Succeeded", null), pod(j, "b", "Succeeded", null));
    assertThat(writer.created).isEmpty();
    assertThat(status().getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Complete");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(status().getStatus().getCompletionTime()).isNotNull();
  }

  @Test
  void failsPastTheBackoffLimitAndDeletesActivePods() throws Exception {
    Job j = job(3, 1).build();
    reconcile(j, pod(j, "a", "Failed", null), pod(j, "b", "Failed", null), pod(j, "c", "Running", null));
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("c");
    assertThat(status().getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Failed");
      assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
    });
    assertThat(events.lines).contains("Warning BackoffLimitExceeded Job has reached the specified backoff limit");
  }

  @Test
  void failsPastTheActiveDeadline() throws Exception {
    Job j = job(3, 1).editSpec().withActiveDeadlineSeconds(60L).endSpec().withNewStatus()
        .withStartTime("2026-01-01T00:00:00Z").endStatus().build();
    reconcile(j, pod(j, "a", "Running", null));
    assertThat(status().getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("DeadlineExceeded"));
  }

  @Test
  void indexedJobsCreateTheMissingIndexesAndReportCompletedOnes() throws Exception {
    Job j = job(5, 3).editSpec().withCompletionMode("Indexed").endSpec().build();
    reconcile(j, pod(j, "a", "Succeeded", 0), pod(j, "b", "Succeeded", 1), pod(j, "c", "Running", 2));
    List<String> indexes = new ArrayList<>();
    for (Pod p : writer.created(Pod.class)) {
      indexes.add(p.getMetadata().getAnnotations().get(JobReconciler.INDEX));
      assertThat(p.getSpec().getHostname()).isEqualTo("pi-" + p.getMetadata().getAnnotations().get(JobReconciler.INDEX));
      assertThat(p.getSpec().getContainers().get(0).getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX"));
    }
    assertThat(indexes).containsExactly("3", "4");
    assertThat(status().getStatus().getCompletedIndexes()).isEqualTo("0-1");
  }

  @Test
  void completedIndexesAreWrittenAsRanges() {
    assertThat(JobReconciler.ranges(new TreeSet<>(List.of(0, 1, 2, 4, 6, 7)))).isEqualTo("0-2,4,6-7");
  }
}
