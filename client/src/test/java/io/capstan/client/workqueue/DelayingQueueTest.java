package io.capstan.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayingQueueTest {

  private final ManualClock clock = new ManualClock();
  private final DelayingQueue<String> queue = DelayingQueue.create(QueueConfig.named("delay").withClock(clock));

  @AfterEach
  void stop() {
    queue.shutDown();
  }

  @Test
  void anItemAppearsOnlyOnceItsDelayHasPassed() {
    queue.addAfter("a", Duration.ofSeconds(5));
    assertThat(queue.len()).isZero();
    clock.step(Duration.ofSeconds(4));
    assertThat(((TimerDelayingQueue<String>) queue).waitingCount()).isEqualTo(1);
    assertThat(queue.len()).isZero();
    clock.step(Duration.ofSeconds(1));
    await().until(() -> queue.len() == 1);
  }

  @Test
  void itemsComeOutInReadyTimeOrderNotAddOrder() throws Exception {
    queue.addAfter("late", Duration.ofMillis(300));
    queue.addAfter("early", Duration.ofMillis(100));
    queue.addAfter("middle", Duration.ofMillis(200));
    clock.step(Duration.ofSeconds(1));
    await().until(() -> queue.len() == 3);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(queue.get().orElseThrow());
    }
    assertThat(out).containsExactly("early", "middle", "late");
  }

  @Test
  void addingAWaitingItemAgainKeepsTheEarlierTime() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("a", Duration.ofSeconds(30));
    assertThat(((TimerDelayingQueue<String>) queue).waitingCount()).isEqualTo(1);
    clock.step(Duration.ofSeconds(1));
    await().until(() -> queue.len() == 1);
    assertThat(((TimerDelayingQueue<String>) queue).waitingCount()).isZero();
  }

  @Test
  void aNonPositiveDelayAddsAtOnce() {
    queue.addAfter("now", Duration.ZERO);
    queue.addAfter("past", Duration.ofSeconds(-1));
    assertThat(queue.len()).isEqualTo(2);
  }

  @Test
  void theSystemClockAlsoReleasesItems() {
    DelayingQueue<String> real = DelayingQueue.create(QueueConfig.named("real"));
    try {
      real.addAfter("a", Duration.ofMillis(20));
      await().atMost(Duration.ofSeconds(5)).until(() -> real.len() == 1);
    } finally {
      real.shutDown();
    }
  }

  @Test
  void shutDownStopsTheWaitingThreadAndIgnoresLaterAdds() {
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.shutDown();
    queue.addAfter("b", Duration.ZERO);
    clock.step(Duration.ofSeconds(5));
    assertThat(queue.len()).isZero();
    await().until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("workqueue-delay-delay")));
  }
}
