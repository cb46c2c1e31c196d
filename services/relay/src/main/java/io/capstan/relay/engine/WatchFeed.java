package io.capstan.relay.engine;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.capstan.model.bus.RegistryKey;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One etcd watch on {@code /registry/} (with previous values, for deletes) from a revision,
 * turned into a queue the relay thread drains: the gRPC callback only enqueues, never blocks.
 * The queue is bounded by events held: when Kafka stalls and the relay falls that far behind,
 * the feed stops taking events and reports a failure, and the relay re-watches from its last
 * published revision once it has caught up — memory stays bounded and nothing is lost, because
 * etcd keeps the history (until compaction, which becomes a RESYNC).
 */
final class WatchFeed implements AutoCloseable {

  /** What the watch delivered. */
  sealed interface Signal permits Changes, Failed {}

  record Changes(WatchResponse response) implements Signal {}

  record Failed(Throwable error) implements Signal {}

  static final int MAX_HELD_EVENTS = 100_000;

  private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger held = new AtomicInteger();
  private final int maxHeld;
  private volatile boolean overflowed;
  private final Watch.Watcher watcher;

  private WatchFeed(Watch watch, long fromRevision, int maxHeld) {
    this.maxHeld = maxHeld;
    WatchOption option = WatchOption.builder()
        .isPrefix(true)
        .withPrevKV(true)
        .withProgressNotify(true)
        .withRevision(fromRevision)
        .build();
    this.watcher = watch.watch(RelayLeadership.bytes(RegistryKey.ROOT), option, Watch.listener(
        this::offer,
        error -> queue.add(new Failed(error)),
        () -> queue.add(new Failed(new IllegalStateException("watch closed by etcd")))));
  }

  static WatchFeed open(Watch watch, long fromRevision) {
    return new WatchFeed(watch, fromRevision, MAX_HELD_EVENTS);
  }

  static WatchFeed open(Watch watch, long fromRevision, int maxHeld) {
    return new WatchFeed(watch, fromRevision, maxHeld);
  }

  private void offer(WatchResponse response) {
    if (overflowed) return;
    int n = response.getEvents().size();
    if (held.addAndGet(n) > maxHeld) {
      overflowed = true;
      queue.add(new Failed(new IllegalStateException(
          "more than " + maxHeld + " watch events waiting for Kafka: re-watching from the last published revision")));
      return;
    }
    queue.add(new Changes(response));
  }

  /** The next signal, or null after {@code timeout}. */
  Signal poll(Duration timeout) throws InterruptedException {
    Signal s = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (s instanceof Changes c) held.addAndGet(-c.response().getEvents().size());
    return s;
  }

  /** Events received from etcd and not yet taken by the relay thread. */
  int held() {
    return held.get();
  }

  /** Asks etcd for a progress notification: an empty response whose revision every event below has been sent. */
  void requestProgress() {
    watcher.requestProgress();
  }

  @Override
  public void close() {
    watcher.close();
  }
}
