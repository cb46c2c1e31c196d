package io.capstan.relay.engine;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.capstan.model.bus.RegistryKey;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One etcd watch on {@code /registry/} (with previous values, for deletes) from a revision,
 * turned into a queue the relay thread drains: the gRPC callback only enqueues, never blocks.
 */
final class WatchFeed implements AutoCloseable {

  /** What the watch delivered. */
  sealed interface Signal permits Changes, Failed {}

  record Changes(WatchResponse response) implements Signal {}

  record Failed(Throwable error) implements Signal {}

  private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
  private final Watch.Watcher watcher;

  private WatchFeed(Watch watch, long fromRevision) {
    WatchOption option = WatchOption.builder()
        .isPrefix(true)
        .withPrevKV(true)
        .withProgressNotify(true)
        .withRevision(fromRevision)
        .build();
    this.watcher = watch.watch(RelayLeadership.bytes(RegistryKey.ROOT), option, Watch.listener(
        response -> queue.add(new Changes(response)),
        error -> queue.add(new Failed(error)),
        () -> queue.add(new Failed(new IllegalStateException("watch closed by etcd")))));
  }

  static WatchFeed open(Watch watch, long fromRevision) {
    return new WatchFeed(watch, fromRevision);
  }

  /** The next signal, or null after {@code timeout}. */
  Signal poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
