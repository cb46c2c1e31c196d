package io.capstan.relay.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's meters, under Prometheus names {@code capstan_relay_lag_revisions},
 * {@code capstan_relay_events_published_total}, {@code capstan_relay_leader},
 * {@code capstan_relay_resyncs_total}.
 */
public final class RelayMetrics {
  private final AtomicLong leader = new AtomicLong();
  private final AtomicLong currentRevision = new AtomicLong();
  private final AtomicLong publishedRevision = new AtomicLong();
  private final Counter published;
  private final Counter resyncs;

  public RelayMetrics(MeterRegistry registry) {
    Gauge.builder("capstan.relay.leader", leader, AtomicLong::get)
        .description("1 while this instance is the active relay, else 0").register(registry);
    Gauge.builder("capstan.relay.lag.revisions", this, RelayMetrics::lag)
        .description("etcd's current revision (as last seen on the watch) minus the last revision Kafka acknowledged")
        .register(registry);
    published = Counter.builder("capstan.relay.events.published")
        .description("change events acknowledged by Kafka").register(registry);
    resyncs = Counter.builder("capstan.relay.resyncs")
        .description("RESYNC markers published because etcd compacted past the relay's position").register(registry);
  }

  void leader(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
  }

  void currentRevision(long revision) {
    currentRevision.accumulateAndGet(revision, Math::max);
  }

  void publishedRevision(long revision) {
    publishedRevision.set(revision);
    currentRevision(revision);
  }

  void published(int events) {
    if (events > 0) published.increment(events);
  }

  void resynced() {
    resyncs.increment();
  }

  public boolean isLeader() {
    return leader.get() == 1;
  }

  public long lag() {
    return Math.max(0, currentRevision.get() - publishedRevision.get());
  }

  public long publishedTotal() {
    return (long) published.count();
  }

  public long resyncs() {
    return (long) resyncs.count();
  }
}
