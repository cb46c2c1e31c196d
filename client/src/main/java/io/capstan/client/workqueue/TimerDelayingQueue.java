package io.capstan.client.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's {@code delayingType}: a heap of items ordered by ready time, moved onto the FIFO by
 * one waiting thread when their time comes. The thread sleeps until the earliest ready time, a
 * new earlier item, a manual clock step, or a heartbeat — whichever is first.
 */
class TimerDelayingQueue<T> implements DelayingQueue<T> {

  /** Re-check at least this often, as client-go does, in case of a missed wake-up. */
  private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Waiting<T>(T item, long readyAt, long seq) {}

  private final FifoWorkQueue<T> queue;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final PriorityQueue<Waiting<T>> heap = new PriorityQueue<>((a, b) -> a.readyAt != b.readyAt
      ? Long.compare(a.readyAt, b.readyAt) : Long.compare(a.seq, b.seq));
  private final Map<T, Waiting<T>> waitingByItem = new HashMap<>();
  private final Runnable removeClockListener;
  private final Thread waiter;
  private long seq;
  private boolean stopped;

  TimerDelayingQueue(QueueConfig config) {
    this.queue = new FifoWorkQueue<>(config);
    this.clock = config.clock();
    this.removeClockListener = clock.onManualAdvance(this::signalWaiter);
    this.waiter = new Thread(this::waitLoop, "workqueue-" + config.name() + "-delay");
    waiter.setDaemon(true);
    waiter.start();
  }

  QueueMetrics<T> metrics() {
    return queue.metrics();
  }

  @Override
  public void addAfter(T item, Duration delay) {
    if (queue.isShuttingDown()) {
      return;
    }
    queue.metrics().retry();
    if (delay.isZero() || delay.isNegative()) {
      queue.add(item);
      return;
    }
    long readyAt = clock.nanoTime() + delay.toNanos();
    lock.lock();
    try {
      Waiting<T> existing = waitingByItem.get(item);
      if (existing != null) {
        if (existing.readyAt <= readyAt) {
          return;
        }
        heap.remove(existing);
      }
      Waiting<T> entry = new Waiting<>(item, readyAt, seq++);
      waitingByItem.put(item, entry);
      heap.add(entry);
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void waitLoop() {
    lock.lock();
    try {
      while (!stopped) {
        long now = clock.nanoTime();
        while (!heap.isEmpty() && heap.peek().readyAt <= now) {
          Waiting<T> ready = heap.poll();
          waitingByItem.remove(ready.item);
          queue.add(ready.item); // the FIFO's own lock is always taken after ours, never before
        }
        long wait = heap.isEmpty() ? HEARTBEAT_NANOS : Math.min(HEARTBEAT_NANOS, heap.peek().readyAt - now);
        wake.awaitNanos(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void signalWaiter() {
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void stopWaiter() {
    lock.lock();
    try {
      stopped = true;
      heap.clear();
      waitingByItem.clear();
      wake.signal();
    } finally {
      lock.unlock();
    }
    removeClockListener.run();
  }

  @Override
  public void add(T item) {
    queue.add(item);
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    return queue.get();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public int len() {
    return queue.len();
  }

  @Override
  public void shutDown() {
    stopWaiter();
    queue.shutDown();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    stopWaiter();
    queue.shutDownWithDrain();
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }

  /** Items waiting for their time; for tests. */
  int waitingCount() {
    lock.lock();
    try {
      return heap.size();
    } finally {
      lock.unlock();
    }
  }
}
