package io.capstan.relay.engine;

import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd → Kafka relay: campaigns for leadership and, while it leads, publishes every change
 * under {@code /registry/} to the watch bus (see {@link LeaderTerm}). Runs on one named thread;
 * many instances may run, exactly one publishes.
 */
public final class Relay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final RelaySettings settings;
  private final RelayMetrics metrics;
  private volatile boolean running;
  private volatile boolean abandoned;
  private Client client;
  private Thread thread;

  public Relay(RelaySettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.metrics = new RelayMetrics(registry);
  }

  public synchronized void start() {
    if (thread != null) throw new IllegalStateException("already started");
    client = Client.builder().endpoints(settings.etcdEndpoints().toArray(String[]::new))
        .maxInboundMessageSize(Integer.MAX_VALUE).build();
    running = true;
    thread = new Thread(this::run, "relay-" + settings.identity());
    thread.start();
  }

  /** Stops gracefully: finishes in-flight sends, writes the checkpoint, revokes the lease. */
  public synchronized void stop() {
    halt(Duration.ofSeconds(20));
  }

  /**
   * Stops as a crash would: no final checkpoint and the lease is not revoked, so a standby takes
   * over only when the lease expires. For failover tests.
   */
  public synchronized void abandon() {
    abandoned = true;
    halt(Duration.ZERO);
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isLeader() {
    return metrics.isLeader();
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  public RelaySettings settings() {
    return settings;
  }

  private void halt(Duration grace) {
    if (thread == null) return;
    running = false;
    try {
      if (grace.isZero()) thread.interrupt();
      thread.join(grace.toMillis() + 1);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    thread = null;
  }

  private void run() {
    RelayLeadership leadership = new RelayLeadership(client, settings);
    RevisionCheckpoint checkpoint = new RevisionCheckpoint(client.getKVClient(), settings, leadership);
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    while (running) {
      RelayLeadership.Term term = null;
      try (TopicProvisioner topics = new TopicProvisioner(settings)) {
        term = leadership.acquire(() -> running);
        if (term == null) return;
        metrics.leader(true);
        new LeaderTerm(settings, client.getWatchClient(), term, checkpoint, topics, metrics, () -> running).run();
        backoff.reset();
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        if (!running) return;
        log.warn("relay term failed; campaigning again: {}", e.toString());
        if (!pause(backoff.next())) return;
      } finally {
        metrics.leader(false);
        if (term != null) {
          if (abandoned) term.abandon();
          else leadership.release(term);
        }
      }
    }
  }

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
