package io.capstan.client.workqueue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's {@code workqueue.Type}: a FIFO of distinct items plus a dirty set (needs
 * processing) and a processing set (handed to a worker), all under one lock.
 */
final class FifoWorkQueue<T> implements WorkQueue<T> {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  /** Items that need processing: those in {@link #queue} and those re-added while processing. */
  private final Set<T> dirty = new HashSet<>();
  private final Set<T> processing = new HashSet<>();
  private final QueueMetrics<T> metrics;
  private boolean shuttingDown;
  private boolean draining;

  FifoWorkQueue(QueueConfig config) {
    this.metrics = new QueueMetrics<>(config);
  }

  /** The metrics, shared with the delaying layer so it can count retries. */
  QueueMetrics<T> metrics() {
    return metrics;
  }

  @Override
  public void add(T item) {
    lock.lock();
    try {
      if (shuttingDown || !dirty.add(item)) {
        return;
      }
      metrics.add(item);
      if (processing.contains(item)) {
        return; // done() queues it, so that no two workers hold it at once
      }
      queue.addLast(item);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !shuttingDown) {
        changed.await();
      }
      T item = queue.pollFirst();
      if (item == null) {
        return Optional.empty();
      }
      metrics.get(item);
      processing.add(item);
      dirty.remove(item);
      return Optional.of(item);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void done(T item) {
    lock.lock();
    try {
      if (!processing.remove(item)) {
        return; // not handed out: a second done() for one get() must not re-queue anything
      }
      metrics.done(item);
      if (dirty.contains(item)) {
        queue.addLast(item);
        changed.signal();
      } else if (processing.isEmpty() && draining) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int len() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutDown() {
    lock.lock();
    try {
      shuttingDown = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    lock.lock();
    try {
      draining = true;
      shuttingDown = true;
      changed.signalAll();
      while (!processing.isEmpty()) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isShuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }
}
