package io.capstan.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final WorkQueue<String> queue = WorkQueue.create(QueueConfig.named("test"));

  @Test
  void aWorkerProcessesWhatIsQueuedAndReturnsOnceShutDownAndEmpty() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.shutDown();
    List<String> seen = new ArrayList<>();
    queue.work(seen::add);
    assertThat(seen).containsExactly("a", "b");
    queue.shutDownWithDrain(); // returns only if every item was marked done
  }

  @Test
  void aFailingItemIsStillMarkedDoneAndEndsTheWorker() throws Exception {
    queue.add("bad");
    queue.add("next");
    queue.shutDown();
    assertThatThrownBy(() -> queue.work(item -> {
      throw new IllegalStateException(item);
    })).hasMessage("bad");
    assertThat(queue.get()).contains("next");
    queue.done("next");
    CompletableFuture.runAsync(() -> {
      try {
        queue.shutDownWithDrain();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }).get(5, TimeUnit.SECONDS);
  }

  @Test
  void anItemAddedWhileQueuedIsStoredOnce() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.len()).isEqualTo(2);
    assertThat(queue.get()).contains("a");
    assertThat(queue.get()).contains("b");
    assertThat(queue.len()).isZero();
  }

  @Test
  void anItemAddedWhileProcessingIsQueuedAgainOnlyAfterDone() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    queue.add("a");
    queue.add("a");
    assertThat(queue.len()).as("not handed to a second worker while the first holds it").isZero();
    queue.done("a");
    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.get()).contains("a");
    queue.done("a");
    assertThat(queue.len()).isZero();
  }

  @Test
  void doneWithoutReAddLeavesTheQueueEmpty() throws Exception {
    queue.add("a");
    queue.get();
    queue.done("a");
    queue.done("a");
    assertThat(queue.len()).isZero();
    queue.add("a");
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void itemsComeOutInFifoOrder() throws Exception {
    List<String> out = new ArrayList<>();
    for (String s : List.of("c", "a", "b")) {
      queue.add(s);
    }
    for (int i = 0; i < 3; i++) {
      out.add(queue.get().orElseThrow());
    }
    assertThat(out).containsExactly("c", "a", "b");
  }

  @Test
  void noItemIsProcessedByTwoWorkersAtOnce() throws Exception {
    Set<String> inFlight = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      Thread t = new Thread(() -> {
        try {
          for (Optional<String> item = queue.get(); item.isPresent(); item = queue.get()) {
            if (!inFlight.add(item.get())) {
              overlaps.incrementAndGet();
            }
            queue.add(item.get()); // an event arriving during processing
            Thread.onSpinWait();
            inFlight.remove(item.get());
            processed.incrementAndGet();
            queue.done(item.get());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "worker-" + w);
      t.start();
      workers.add(t);
    }
    for (int i = 0; i < 2_000; i++) {
      queue.add("key-" + (i % 5));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> processed.get() >= 2_000);
    queue.shutDown();
    for (Thread t : workers) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(overlaps.get()).isZero();
  }

  @Test
  void shutDownWakesBlockedGettersAfterTheRemainingItemsAreHandedOut() throws Exception {
    CompletableFuture<Optional<String>> blocked = CompletableFuture.supplyAsync(this::getUnchecked);
    queue.shutDown();
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isEmpty();

    WorkQueue<String> other = WorkQueue.create(QueueConfig.named("other"));
    other.add("left");
    other.shutDown();
    other.add("ignored");
    assertThat(other.isShuttingDown()).isTrue();
    assertThat(other.get()).contains("left");
    assertThat(other.get()).isEmpty();
  }

  @Test
  void shutDownWithDrainWaitsForItemsBeingProcessed() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
      try {
        queue.shutDownWithDrain();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    await().until(queue::isShuttingDown);
    assertThat(drain).isNotDone();
    queue.done("a");
    drain.get(5, TimeUnit.SECONDS);
    assertThat(queue.get()).isEmpty();
  }

  private Optional<String> getUnchecked() {
    try {
      return queue.get();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
