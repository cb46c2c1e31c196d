package io.capstan.controllermanager.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TtlAfterFinishedReconcilerTest {
  private final FakeApiWriter writer = new FakeApiWriter();

  static Job finished(String at, int ttl) {
    return new JobBuilder().withNewMetadata().withName("j").withNamespace("ns").withResourceVersion("2").endMetadata()
        .withNewSpec().withTtlSecondsAfterFinished(ttl).endSpec().withNewStatus().addNewCondition().withType("Complete")
        .withStatus("True").withLastTransitionTime(at).endCondition().endStatus().build();
  }

  private Result reconcile(Job j, String now) {
    return new TtlAfterFinishedReconciler(Caches.of(j), writer, Clock.fixed(Instant.parse(now), ZoneOffset.UTC))
        .reconcile("ns/j");
  }

  @Test
  void aFinishedJobIsKeptUntilItsTtlThenDeletedWithItsPods() {
    Result early = reconcile(finished("2026-01-01T00:00:00Z", 60), "2026-01-01T00:00:45Z");
    assertThat(early.requeueAfter()).isEqualTo(Duration.ofSeconds(15));
    assertThat(writer.deleted).isEmpty();
    reconcile(finished("2026-01-01T00:00:00Z", 60), "2026-01-01T00:01:00Z");
    assertThat(writer.deleted).containsExactly(new FakeApiWriter.Deletion("Job", "ns", "j", "Background"));
  }

  @Test
  void aRunningJobIsLeftAlone() {
    Job running = new JobBuilder(finished("2026-01-01T00:00:00Z", 0)).withStatus(null).build();
    assertThat(reconcile(running, "2026-01-01T00:01:00Z").requeues()).isFalse();
    assertThat(writer.deleted).isEmpty();
  }
}
