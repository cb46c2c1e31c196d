package io.capstan.apiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.client.bus.RawObject;
import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.EventSink;
import io.capstan.client.informer.EventSource;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache's window, replay and fan-out, fed by a hand-driven event source (no Kafka). */
class ResourceCacheTest {
  private final AtomicReference<EventSink<RawObject>> sink = new AtomicReference<>();
  private final AtomicReference<Snapshot<RawObject>> listed = new AtomicReference<>();
  private ResourceCache cache;

  private static RawObject pod(String ns, String name, long rev) {
    return new RawObject("/registry/pods/" + ns + "/" + name, ("{\"rev\":" + rev + "}").getBytes(StandardCharsets.UTF_8), rev);
  }

  @BeforeEach
  void start() throws InterruptedException {
    listed.set(new Snapshot<>(List.of(pod("a", "p1", 5), pod("b", "p2", 8)), 10));
    EventSource<RawObject> source = () -> (rev, s) -> {
      sink.set(s);
      return () -> {};
    };
    cache = new ResourceCache("/registry/pods",
        Informer.builder("pods", RawObject.ACCESS).lister(listed::get).source(source), 3);
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(5))).isTrue();
  }

  @AfterEach
  void stop() {
    cache.close();
  }

  private void emit(ChangeType type, RawObject o) {
    sink.get().onChange(type, o.revision(), o, 0);
  }

  /** Records what a watch receives; a relist closes it on the informer's thread. */
  private static final class Recorder implements Storage.WatchListener {
    final List<String> events = new ArrayList<>();
    volatile StorageException closedWith;
    volatile boolean closed;

    @Override
    public void onEvent(Storage.WatchEvent e) {
      events.add(e.type() + " " + e.key().substring("/registry/pods/".length()) + "@" + e.revision()
          + (e.previous() == null ? "" : " prev=" + new String(e.previous(), StandardCharsets.UTF_8)));
    }

    @Override
    public void onClose(StorageException error) {
      closed = true;
      closedWith = error;
    }
  }

  @Test
  void listsFromMemoryInKeyOrderAtTheCachesRevision() {
    emit(ChangeType.ADDED, pod("a", "p0", 11));
    Storage.Page all = cache.list("/registry/pods/");
    assertThat(all.entries()).extracting(Storage.Entry::key)
        .containsExactly("/registry/pods/a/p0", "/registry/pods/a/p1", "/registry/pods/b/p2");
    assertThat(all.revision()).isEqualTo(11);
    assertThat(cache.list("/registry/pods/b/").entries()).extracting(Storage.Entry::modRevision).containsExactly(8L);
  }

  @Test
  void aWatchGetsTheWindowAfterItsRevisionThenLiveChangesOfItsPrefix() {
    emit(ChangeType.ADDED, pod("a", "p3", 11));
    emit(ChangeType.MODIFIED, pod("a", "p1", 12));
    Recorder r = new Recorder();
    cache.watch("/registry/pods/a/", 11, r);
    emit(ChangeType.MODIFIED, pod("b", "p2", 13)); // other namespace
    // A DELETED change carries the last stored value (etcd's prevKV) at the deletion's revision.
    emit(ChangeType.DELETED, new RawObject("/registry/pods/a/p3", pod("a", "p3", 11).value(), 14));
    assertThat(r.events).containsExactly("MODIFIED a/p1@12 prev={\"rev\":5}", "DELETED a/p3@14 prev={\"rev\":11}");
  }

  @Test
  void aRevisionBelowTheWindowIsExpiredAndTheWindowSlidesWithCapacity() {
    Recorder predates = new Recorder();
    assertThat(cache.watch("/registry/pods/", 9, predates)).as("older than the cache: etcd's to answer").isNull();
    assertThat(predates.closed).isFalse();

    for (int rev = 11; rev <= 14; rev++) emit(ChangeType.MODIFIED, pod("a", "p1", rev));
    assertThat(cache.windowStart()).isEqualTo(11); // capacity 3: 11 fell out
    Recorder fromStart = new Recorder();
    cache.watch("/registry/pods/", 11, fromStart);
    assertThat(fromStart.closedWith).isNull();
    assertThat(fromStart.events).hasSize(3);
    Recorder justBelow = new Recorder();
    cache.watch("/registry/pods/", 10, justBelow);
    assertThat(justBelow.closedWith.code()).isEqualTo(StorageException.Code.COMPACTED);
  }

  @Test
  void aWatchFromTheFutureSkipsChangesUpToItsRevision() {
    Recorder r = new Recorder();
    cache.watch("/registry/pods/", 20, r);
    emit(ChangeType.MODIFIED, pod("a", "p1", 15));
    emit(ChangeType.MODIFIED, pod("a", "p1", 21));
    assertThat(r.events).containsExactly("MODIFIED a/p1@21 prev={\"rev\":15}");
  }

  @Test
  void aRelistEndsOpenWatchesAndRestartsTheWindow() {
    Recorder r = new Recorder();
    Storage.Watch w = cache.watch("/registry/pods/", 10, r);
    listed.set(new Snapshot<>(List.of(pod("a", "p1", 30)), 40));
    sink.get().onResyncRequired("compacted");
    // The relist moves the revision before it closes the watches (under the cache's lock, which
    // revision() does not take): wait for both.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(cache.revision()).isEqualTo(40);
      assertThat(r.closed).isTrue();
    });
    assertThat(r.closedWith).isNull();
    assertThat(cache.windowStart()).isEqualTo(40);
    assertThat(cache.list("/registry/pods/").entries()).extracting(Storage.Entry::modRevision).containsExactly(30L);
    w.close();
  }

  @Test
  void aClosedWatchGetsNothingMore() {
    Recorder r = new Recorder();
    Storage.Watch w = cache.watch("/registry/pods/", 10, r);
    w.close();
    emit(ChangeType.ADDED, pod("a", "p9", 11));
    assertThat(r.events).isEmpty();
    assertThat(cache.watcherCount()).isZero();
  }
}
