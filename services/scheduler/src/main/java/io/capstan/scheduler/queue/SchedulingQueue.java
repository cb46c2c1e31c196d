package io.capstan.scheduler.queue;

import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.QueueSortPlugin;
import io.capstan.scheduler.framework.QueuedPodInfo;
import io.capstan.scheduler.framework.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Kubernetes' PriorityQueue: an active heap ordered by the QueueSort plugin, a back-off heap
 * ordered by back-off expiry, and an unschedulable pool. A pod that failed goes to the pool —
 * unless a cluster event arrived while it was being scheduled, then to back-off — and cluster
 * events (node added/updated, pod deleted) move the pool to active or back-off. {@link #flush()}
 * (called every second) moves expired back-offs to active and pods waiting longer than
 * {@code maxUnschedulable} back to active.
 */
public final class SchedulingQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final PriorityQueue<QueuedPodInfo> active;
  private final PriorityQueue<QueuedPodInfo> backoff;
  private final Map<String, QueuedPodInfo> unschedulable = new HashMap<>();
  private final Map<String, QueuedPodInfo> gated = new HashMap<>();
  private final Map<String, QueuedPodInfo> all = new HashMap<>();
  private final Function<PodInfo, Status> preEnqueue;
  private final LongSupplier clock;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxUnschedulable;
  private long schedulingCycle;
  private long moveRequestCycle = -1;
  private boolean closed;

  public SchedulingQueue(QueueSortPlugin sort, Function<PodInfo, Status> preEnqueue, LongSupplier clockMillis,
      Duration initialBackoff, Duration maxBackoff, Duration maxUnschedulable) {
    this.active = new PriorityQueue<>((a, b) -> sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : 0);
    this.backoff = new PriorityQueue<>((a, b) -> Long.compare(backoffExpiry(a), backoffExpiry(b)));
    this.preEnqueue = preEnqueue;
    this.clock = clockMillis;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxUnschedulable = maxUnschedulable;
  }

  public void registerMetrics(MeterRegistry meters) {
    for (String q : List.of("active", "backoff", "unschedulable", "gated")) {
      Gauge.builder("scheduler_pending_pods", this, s -> s.size(q)).tag("queue", q)
          .description("Pending pods by queue: active, backoff, unschedulable, gated").register(meters);
    }
  }

  public int size(String queue) {
    lock.lock();
    try {
      return switch (queue) {
        case "active" -> active.size();
        case "backoff" -> backoff.size();
        case "unschedulable" -> unschedulable.size();
        case "gated" -> gated.size();
        default -> 0;
      };
    } finally {
      lock.unlock();
    }
  }

  long backoffExpiry(QueuedPodInfo p) {
    long d = initialBackoff.toMillis();
    for (int i = 1; i < p.attempts() && d < maxBackoff.toMillis(); i++) d *= 2;
    return p.timestamp() + Math.min(d, maxBackoff.toMillis());
  }

  /** A new pending pod (or one whose spec changed): straight to active unless PreEnqueue gates it. */
  public void add(PodInfo pod) {
    lock.lock();
    try {
      QueuedPodInfo existing = all.get(pod.key());
      long now = clock.getAsLong();
      QueuedPodInfo q = existing == null ? new QueuedPodInfo(pod, now, now, 0, Set.of())
          : new QueuedPodInfo(pod, existing.timestamp(), existing.initialAttemptTimestamp(), existing.attempts(), existing.unschedulablePlugins());
      removeLocked(pod.key());
      if (existing != null && existing.attempts() > 0 && !gated.containsKey(pod.key())) {
        // An update to a pod that already failed: retry now if back-off is over, else after it.
        if (backoffExpiry(q) > now) backoff.add(q);
        else active.add(q);
      } else {
        enqueueActive(q);
      }
      all.put(pod.key(), q);
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void enqueueActive(QueuedPodInfo q) {
    Status s = preEnqueue.apply(q.podInfo());
    if (s.isSuccess()) active.add(q);
    else gated.put(q.key(), q);
  }

  public void delete(String key) {
    lock.lock();
    try {
      removeLocked(key);
      all.remove(key);
    } finally {
      lock.unlock();
    }
  }

  private void removeLocked(String key) {
    QueuedPodInfo q = all.get(key);
    if (q == null) return;
    active.remove(q);
    backoff.remove(q);
    unschedulable.remove(key);
    gated.remove(key);
  }

  /** Blocks until a pod is active (or the timeout passes: null). The pod leaves the queue. */
  public QueuedPodInfo pop(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (active.isEmpty() && !closed) {
        if (nanos <= 0) return null;
        nanos = notEmpty.awaitNanos(nanos);
      }
      if (closed) return null;
      QueuedPodInfo q = active.poll();
      all.remove(q.key());
      schedulingCycle++;
      QueuedPodInfo popped = new QueuedPodInfo(q.podInfo(), q.timestamp(), q.initialAttemptTimestamp(), q.attempts() + 1, q.unschedulablePlugins());
      return popped;
    } finally {
      lock.unlock();
    }
  }

  public long schedulingCycle() {
    lock.lock();
    try {
      return schedulingCycle;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Requeues a pod that failed in scheduling cycle {@code cycle}: to back-off if a cluster event
   * arrived since that cycle began (it may fit now), else to the unschedulable pool.
   */
  public void addUnschedulable(QueuedPodInfo q, long cycle, Set<String> rejectedBy) {
    lock.lock();
    try {
      if (all.containsKey(q.key())) return;
      QueuedPodInfo requeued = new QueuedPodInfo(q.podInfo(), clock.getAsLong(), q.initialAttemptTimestamp(), q.attempts(), rejectedBy);
      if (moveRequestCycle >= cycle) backoff.add(requeued);
      else unschedulable.put(q.key(), requeued);
      all.put(q.key(), requeued);
    } finally {
      lock.unlock();
    }
  }

  /** Requeues a pod whose attempt failed with an error (not a fit problem): always to back-off. */
  public void addBackoff(QueuedPodInfo q) {
    lock.lock();
    try {
      if (all.containsKey(q.key())) return;
      QueuedPodInfo requeued = new QueuedPodInfo(q.podInfo(), clock.getAsLong(), q.initialAttemptTimestamp(), q.attempts(), Set.of());
      backoff.add(requeued);
      all.put(q.key(), requeued);
    } finally {
      lock.unlock();
    }
  }

  /** A cluster event that may make pending pods schedulable: node added or updated, pod deleted. */
  public void moveAllToActiveOrBackoff(String event) {
    lock.lock();
    try {
      long now = clock.getAsLong();
      for (QueuedPodInfo q : new ArrayList<>(unschedulable.values())) {
        unschedulable.remove(q.key());
        if (backoffExpiry(q) > now) backoff.add(q);
        else active.add(q);
      }
      for (QueuedPodInfo q : new ArrayList<>(gated.values())) {
        gated.remove(q.key());
        enqueueActive(q);
      }
      moveRequestCycle = schedulingCycle;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public void flush() {
    lock.lock();
    try {
      long now = clock.getAsLong();
      boolean moved = false;
      while (!backoff.isEmpty() && backoffExpiry(backoff.peek()) <= now) {
        active.add(backoff.poll());
        moved = true;
      }
      for (QueuedPodInfo q : new ArrayList<>(unschedulable.values())) {
        if (now - q.timestamp() >= maxUnschedulable.toMillis()) {
          unschedulable.remove(q.key());
          active.add(q);
          moved = true;
        }
      }
      if (moved) notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean contains(String key) {
    lock.lock();
    try {
      return all.containsKey(key);
    } finally {
      lock.unlock();
    }
  }

  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** For tests: waits up to {@code timeout} for the active heap to hold a pod. */
  public boolean awaitActive(long timeout, TimeUnit unit) throws InterruptedException {
    lock.lock();
    try {
      long nanos = unit.toNanos(timeout);
      while (active.isEmpty() && nanos > 0) nanos = notEmpty.awaitNanos(nanos);
      return !active.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
