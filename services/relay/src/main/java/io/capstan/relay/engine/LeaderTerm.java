package io.capstan.relay.engine;

import io.capstan.model.bus.BusEvent;
import io.capstan.relay.engine.PublishCursor.PublishFailedException;
import io.capstan.relay.engine.RevisionCheckpoint.LeadershipLostException;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term of leadership: watch {@code /registry/} from the checkpoint and publish every change
 * until the term ends (lease lost, leader key gone) or the relay stops. Errors never move the
 * position: a watch error re-watches from the last acknowledged revision + 1 after a back-off, a
 * Kafka error also replaces the producer first, and etcd compaction past the position publishes
 * a RESYNC marker instead of the lost events.
 */
final class LeaderTerm {
  private static final Logger log = LoggerFactory.getLogger(LeaderTerm.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final RelaySettings settings;
  private final Watch watch;
  private final RelayLeadership.Term term;
  private final RevisionCheckpoint checkpoint;
  private final TopicProvisioner topics;
  private final RelayMetrics metrics;
  private final BooleanSupplier running;
  private EventPublisher publisher;

  LeaderTerm(RelaySettings settings, Watch watch, RelayLeadership.Term term, RevisionCheckpoint checkpoint,
      TopicProvisioner topics, RelayMetrics metrics, BooleanSupplier running) {
    this.settings = settings;
    this.watch = watch;
    this.term = term;
    this.checkpoint = checkpoint;
    this.topics = topics;
    this.metrics = metrics;
    this.running = running;
  }

  void run() throws InterruptedException, ExecutionException, TimeoutException {
    long position;
    try {
      position = checkpoint.startingPoint();
    } catch (LeadershipLostException e) {
      return;
    }
    log.info("publishing from revision {}", position + 1);
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    try {
      while (active()) {
        PublishCursor cursor = new PublishCursor(position);
        try (WatchFeed feed = WatchFeed.open(watch, position + 1)) {
          if (publisher == null) publisher = new EventPublisher(settings);
          pump(feed, cursor, backoff);
          return;
        } catch (CompactedException e) {
          log.warn("etcd compacted past revision {} (compacted at {}): publishing RESYNC", position + 1,
              e.getCompactedRevision());
          position = resync(cursor);
          continue;
        } catch (PublishFailedException | KafkaException e) {
          log.warn("Kafka failed; replacing the producer and resuming after revision {}: {}", cursor.position(),
              e.toString());
          closePublisher();
        } catch (ExecutionException | TimeoutException e) {
          log.warn("etcd or Kafka call failed; resuming after revision {}: {}", cursor.position(), e.toString());
        } catch (WatchFailedException e) {
          log.warn("watch failed; re-watching from revision {}: {}", cursor.position() + 1, e.getCause().toString());
        } catch (LeadershipLostException e) {
          return;
        }
        position = cursor.position();
        if (active()) Thread.sleep(backoff.next().toMillis());
      }
    } finally {
      closePublisher();
    }
  }

  private boolean active() {
    return running.getAsBoolean() && term.isHeld() && !Thread.currentThread().isInterrupted();
  }

  private void pump(WatchFeed feed, PublishCursor cursor, Backoff backoff)
      throws InterruptedException, ExecutionException, TimeoutException {
    long interval = settings.checkpointInterval().toNanos();
    long nextCheckpoint = System.nanoTime() + interval;
    while (active()) {
      WatchFeed.Signal signal = feed.poll(POLL);
      if (signal instanceof WatchFeed.Failed failed) throw watchFailure(failed.error());
      if (signal instanceof WatchFeed.Changes changes) {
        publish(changes.response(), cursor);
        backoff.reset();
      }
      settle(cursor);
      if (System.nanoTime() - nextCheckpoint >= 0) {
        nextCheckpoint = System.nanoTime() + interval;
        feed.requestProgress();
        if (!checkpoint.write(cursor.position())) throw new LeadershipLostException();
      }
    }
    if (!running.getAsBoolean() && term.isHeld()) {
      // Graceful stop: wait for what is in flight so the next leader replays nothing.
      publisher.flush();
      settle(cursor);
      checkpoint.write(cursor.position());
    }
  }

  private void publish(WatchResponse response, PublishCursor cursor)
      throws InterruptedException, ExecutionException, TimeoutException {
    long header = response.getHeader().getRevision();
    metrics.currentRevision(header);
    List<WatchEvent> events = response.getEvents();
    if (events.isEmpty()) {
      // A progress notification: every change up to the header revision has been delivered.
      if (response.isProgressNotify()) cursor.received(header);
      return;
    }
    long last = 0;
    for (WatchEvent event : events) {
      if (!term.isHeld()) return; // a leader without a lease stops publishing at once
      Optional<BusRecord> record = ChangeMapper.map(event);
      if (record.isPresent()) {
        BusRecord r = record.get();
        topics.ensure(r.topic());
        cursor.sent(r.revision(), publisher.send(r.topic(), null, r.key(), r.value()));
      }
      last = event.getKeyValue().getModRevision();
    }
    cursor.received(last);
  }

  private void settle(PublishCursor cursor) {
    metrics.published(cursor.sweep());
    metrics.publishedRevision(cursor.position());
  }

  /**
   * etcd no longer has the events after the position: tell every consumer to relist (a RESYNC
   * marker on every partition of every registry topic), then continue from etcd's current revision.
   */
  private long resync(PublishCursor cursor) throws InterruptedException, ExecutionException, TimeoutException {
    publisher.flush();
    settle(cursor);
    long current = checkpoint.currentRevision();
    byte[] marker = BusEvent.resync(current).encode();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (String topic : topics.registryTopics()) {
      for (int partition : publisher.partitions(topic)) acks.add(publisher.send(topic, partition, null, marker));
    }
    publisher.flush();
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    if (!checkpoint.write(current)) throw new LeadershipLostException();
    metrics.resynced();
    metrics.publishedRevision(current);
    log.info("published RESYNC at revision {} to {} partitions", current, acks.size());
    return current;
  }

  private RuntimeException watchFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CompactedException c) return c;
    }
    return new WatchFailedException(error);
  }

  private void closePublisher() {
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
  }

  /** The etcd watch ended with an error other than compaction (etcd down, stream reset, ...). */
  static final class WatchFailedException extends RuntimeException {
    WatchFailedException(Throwable cause) {
      super(cause);
    }
  }
}
