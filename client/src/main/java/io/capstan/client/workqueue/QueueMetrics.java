package io.capstan.client.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue's metrics under Kubernetes' names (client-go {@code workqueue} metrics), tagged
 * {@code name=<queue>}. Micrometer's Prometheus naming turns {@code workqueue.adds} into
 * {@code workqueue_adds_total}, the timers into {@code workqueue_queue_duration_seconds} and
 * {@code workqueue_work_duration_seconds}, and the unit-seconds gauges into
 * {@code workqueue_unfinished_work_seconds} and {@code workqueue_longest_running_processor_seconds}.
 *
 * <p>Called by the queue under its lock; the gauges are read from other threads.
 */
final class QueueMetrics<T> {

  /** client-go's buckets: 10 ns to 10 s, powers of ten. */
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(10), Duration.ofNanos(100), Duration.ofNanos(1_000), Duration.ofNanos(10_000),
    Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100),
    Duration.ofSeconds(1), Duration.ofSeconds(10)
  };

  private final Clock clock;
  private final boolean enabled;
  private final AtomicInteger depth = new AtomicInteger();
  private final Map<T, Long> addTimes = new ConcurrentHashMap<>();
  private final Map<T, Long> processingStartTimes = new ConcurrentHashMap<>();
  private final Counter adds;
  private final Counter retries;
  private final Timer queueDuration;
  private final Timer workDuration;

  QueueMetrics(QueueConfig config) {
    this.clock = config.clock();
    MeterRegistry registry = config.meterRegistry();
    this.enabled = registry != null;
    if (!enabled) {
      adds = null;
      retries = null;
      queueDuration = null;
      workDuration = null;
      return;
    }
    String name = config.name();
    Gauge.builder("workqueue.depth", depth, AtomicInteger::get)
        .description("Current depth of workqueue").tag("name", name).register(registry);
    adds = Counter.builder("workqueue.adds")
        .description("Total number of adds handled by workqueue").tag("name", name).register(registry);
    retries = Counter.builder("workqueue.retries")
        .description("Total number of retries handled by workqueue").tag("name", name).register(registry);
    queueDuration = Timer.builder("workqueue.queue.duration")
        .description("How long an item stays in workqueue before being requested")
        .tag("name", name).serviceLevelObjectives(BUCKETS).register(registry);
    workDuration = Timer.builder("workqueue.work.duration")
        .description("How long processing an item from workqueue takes")
        .tag("name", name).serviceLevelObjectives(BUCKETS).register(registry);
    Gauge.builder("workqueue.unfinished.work", this, QueueMetrics::unfinishedWorkSeconds)
        .description("Seconds of work in progress that has not been observed by work_duration; "
            + "large values indicate stuck threads")
        .baseUnit("seconds").tag("name", name).register(registry);
    Gauge.builder("workqueue.longest.running.processor", this, QueueMetrics::longestRunningSeconds)
        .description("Seconds the longest running processor for workqueue has been running")
        .baseUnit("seconds").tag("name", name).register(registry);
  }

  void add(T item) {
    if (!enabled) {
      return;
    }
    adds.increment();
    depth.incrementAndGet();
    addTimes.putIfAbsent(item, clock.nanoTime());
  }

  void get(T item) {
    if (!enabled) {
      return;
    }
    depth.decrementAndGet();
    long now = clock.nanoTime();
    processingStartTimes.put(item, now);
    Long added = addTimes.remove(item);
    if (added != null) {
      queueDuration.record(now - added, TimeUnit.NANOSECONDS);
    }
  }

  void done(T item) {
    if (!enabled) {
      return;
    }
    Long started = processingStartTimes.remove(item);
    if (started != null) {
      workDuration.record(clock.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  void retry() {
    if (enabled) {
      retries.increment();
    }
  }

  private double unfinishedWorkSeconds() {
    long now = clock.nanoTime();
    return processingStartTimes.values().stream().mapToLong(start -> now - start).sum() / 1e9;
  }

  private double longestRunningSeconds() {
    long now = clock.nanoTime();
    return processingStartTimes.values().stream().mapToLong(start -> now - start).max().orElse(0) / 1e9;
  }
}
