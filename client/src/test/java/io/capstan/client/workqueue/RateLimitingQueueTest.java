package io.capstan.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitingQueueTest {

  private final ManualClock clock = new ManualClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RateLimitingQueue<String> queue = RateLimitingQueue.create(
      QueueConfig.named("pods").withClock(clock).withMeterRegistry(registry),
      new ExponentialFailureRateLimiter<>(Duration.ofSeconds(1), Duration.ofSeconds(60)));

  @AfterEach
  void stop() {
    queue.shutDown();
  }

  @Test
  void aFailedItemComesBackAfterItsBackOffAndForgetResetsIt() throws Exception {
    queue.addRateLimited("ns/a");
    assertThat(queue.numRequeues("ns/a")).isEqualTo(1);
    clock.step(Duration.ofMillis(999));
    assertThat(queue.len()).isZero();
    clock.step(Duration.ofMillis(1));
    await().until(() -> queue.len() == 1);
    assertThat(queue.get()).contains("ns/a");

    queue.addRateLimited("ns/a"); // second failure: 2 s
    queue.done("ns/a");
    clock.step(Duration.ofSeconds(1));
    assertThat(queue.len()).isZero();
    clock.step(Duration.ofSeconds(1));
    await().until(() -> queue.len() == 1);

    queue.forget("ns/a");
    assertThat(queue.numRequeues("ns/a")).isZero();
  }

  @Test
  void metricsUseKubernetesNamesTaggedWithTheQueueName() throws Exception {
    queue.add("ns/a");
    queue.add("ns/b");
    queue.add("ns/a");
    assertThat(registry.get("workqueue.depth").tag("name", "pods").gauge().value()).isEqualTo(2);
    assertThat(registry.get("workqueue.adds").tag("name", "pods").counter().count()).isEqualTo(2);

    clock.step(Duration.ofMillis(30));
    assertThat(queue.get()).contains("ns/a");
    assertThat(registry.get("workqueue.depth").gauge().value()).isEqualTo(1);
    assertThat(registry.get("workqueue.queue.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30);

    clock.step(Duration.ofMillis(250));
    assertThat(registry.get("workqueue.unfinished.work").gauge().value()).isEqualTo(0.25);
    assertThat(registry.get("workqueue.longest.running.processor").gauge().value()).isEqualTo(0.25);
    queue.done("ns/a");
    assertThat(registry.get("workqueue.work.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(registry.get("workqueue.unfinished.work").gauge().value()).isZero();

    queue.addRateLimited("ns/c");
    queue.addAfter("ns/d", Duration.ofSeconds(1));
    assertThat(registry.get("workqueue.retries").tag("name", "pods").counter().count()).isEqualTo(2);
  }
}
