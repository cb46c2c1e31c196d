package io.capstan.scheduler.queue;

import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.QueuedPodInfo;
import io.capstan.scheduler.framework.Status;
import io.capstan.scheduler.plugins.PrioritySort;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private SchedulingQueue queue() {
    return new SchedulingQueue(new PrioritySort(), p -> "gated".equals(p.pod().getMetadata().getName())
        ? Status.unresolvable("gated") : Status.success(), now::get, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  @Test
  void popsByPriorityThenArrival() throws InterruptedException {
    SchedulingQueue q = queue();
    q.add(PodInfo.of(pod("low", "0").build(), 0));
    now.incrementAndGet();
    q.add(PodInfo.of(pod("high", "0").build(), 100));
    now.incrementAndGet();
    q.add(PodInfo.of(pod("low2", "0").build(), 0));
    assertThat(q.pop(Duration.ZERO).key()).isEqualTo("ns/high");
    assertThat(q.pop(Duration.ZERO).key()).isEqualTo("ns/low");
    assertThat(q.pop(Duration.ZERO).key()).isEqualTo("ns/low2");
    assertThat(q.pop(Duration.ZERO)).isNull();
  }

  @Test
  void preEnqueueGatesUntilAClusterEvent() throws InterruptedException {
    SchedulingQueue q = queue();
    q.add(PodInfo.of(pod("gated", "0").build(), 0));
    assertThat(q.size("gated")).isEqualTo(1);
    assertThat(q.pop(Duration.ZERO)).isNull();
  }

  @Test
  void unschedulablePodsWaitForAnEventThenBackOff() throws InterruptedException {
    SchedulingQueue q = queue();
    q.add(PodInfo.of(pod("p", "0").build(), 0));
    QueuedPodInfo p = q.pop(Duration.ZERO);
    q.addUnschedulable(p, q.schedulingCycle(), Set.of("NodeResourcesFit"));
    assertThat(q.size("unschedulable")).isEqualTo(1);
    q.flush();
    assertThat(q.pop(Duration.ZERO)).isNull();
    q.moveAllToActiveOrBackoff("NodeAdd");
    assertThat(q.size("backoff")).isEqualTo(1);
    now.addAndGet(1_000);
    q.flush();
    QueuedPodInfo again = q.pop(Duration.ZERO);
    assertThat(again.key()).isEqualTo("ns/p");
    assertThat(again.attempts()).isEqualTo(2);
  }

  @Test
  void anEventDuringTheAttemptSendsTheFailureToBackoffNotThePool() throws InterruptedException {
    SchedulingQueue q = queue();
    q.add(PodInfo.of(pod("p", "0").build(), 0));
    QueuedPodInfo p = q.pop(Duration.ZERO);
    long cycle = q.schedulingCycle();
    q.moveAllToActiveOrBackoff("NodeAdd");
    q.addUnschedulable(p, cycle, Set.of());
    assertThat(q.size("backoff")).isEqualTo(1);
    assertThat(q.size("unschedulable")).isZero();
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    SchedulingQueue q = queue();
    PodInfo p = PodInfo.of(pod("p", "0").build(), 0);
    assertThat(q.backoffExpiry(new QueuedPodInfo(p, 0, 0, 1, Set.of()))).isEqualTo(1_000);
    assertThat(q.backoffExpiry(new QueuedPodInfo(p, 0, 0, 3, Set.of()))).isEqualTo(4_000);
    assertThat(q.backoffExpiry(new QueuedPodInfo(p, 0, 0, 10, Set.of()))).isEqualTo(10_000);
  }

  @Test
  void deletedPodsLeaveTheQueue() throws InterruptedException {
    SchedulingQueue q = queue();
    q.add(PodInfo.of(pod("p", "0").build(), 0));
    q.delete("ns/p");
    assertThat(q.pop(Duration.ZERO)).isNull();
  }
}
