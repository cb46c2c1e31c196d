package io.capstan.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} implementation must have. Subclasses supply the store;
 * each test works under its own key prefix so tests share one backing server.
 */
abstract class StorageContractTest {

  protected abstract Storage storage();

  private String prefix;

  @BeforeEach
  void newPrefix() {
    prefix = "/test/" + UUID.randomUUID() + "/";
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void createThenGetReturnsValueAndRevision() {
    Storage.Entry created = storage().create(prefix + "a", b("one"));
    Storage.Entry read = storage().get(prefix + "a").orElseThrow();
    assertThat(s(read.value())).isEqualTo("one");
    assertThat(read.modRevision()).isEqualTo(created.modRevision()).isPositive();
    assertThat(read.createRevision()).isEqualTo(created.modRevision());
  }

  @Test
  void createOfExistingKeyFailsWithKeyExistsAndKeepsValue() {
    storage().create(prefix + "a", b("one"));
    assertThatThrownBy(() -> storage().create(prefix + "a", b("two")))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.Code.KEY_EXISTS));
    assertThat(s(storage().get(prefix + "a").orElseThrow().value())).isEqualTo("one");
  }

  @Test
  void getOfMissingKeyIsEmpty() {
    assertThat(storage().get(prefix + "missing")).isEmpty();
  }

  @Test
  void guaranteedUpdateSeesCurrentValueAndBumpsRevision() {
    Storage.Entry created = storage().create(prefix + "a", b("1"));
    Storage.Entry updated = storage().guaranteedUpdate(prefix + "a",
        cur -> b(Integer.toString(Integer.parseInt(s(cur.value())) + 1)));
    assertThat(s(updated.value())).isEqualTo("2");
    assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
    assertThat(updated.createRevision()).isEqualTo(created.createRevision());
  }

  @Test
  void guaranteedUpdateWithUnchangedBytesWritesNothing() {
    Storage.Entry created = storage().create(prefix + "same", b("v"));
    Storage.Entry after = storage().guaranteedUpdate(prefix + "same", cur -> b("v"));
    assertThat(after.modRevision()).isEqualTo(created.modRevision());
    assertThat(storage().get(prefix + "same").orElseThrow().modRevision()).isEqualTo(created.modRevision());
  }

  @Test
  void guaranteedUpdateOfMissingKeyIsNotFound() {
    assertThatThrownBy(() -> storage().guaranteedUpdate(prefix + "nope", cur -> b("x")))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.Code.NOT_FOUND));
  }

  @Test
  void concurrentGuaranteedUpdatesLoseNoIncrement() throws Exception {
    storage().create(prefix + "counter", b("0"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(pool.submit(() -> storage().guaranteedUpdate(prefix + "counter",
            cur -> b(Integer.toString(Integer.parseInt(s(cur.value())) + 1)))));
      }
      for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(s(storage().get(prefix + "counter").orElseThrow().value())).isEqualTo("40");
  }

  @Test
  void updateFunctionMayAbortWithoutWriting() {
    Storage.Entry created = storage().create(prefix + "a", b("keep"));
    assertThatThrownBy(() -> storage().guaranteedUpdate(prefix + "a", cur -> {
      throw new IllegalStateException("precondition failed");
    })).hasMessage("precondition failed");
    Storage.Entry read = storage().get(prefix + "a").orElseThrow();
    assertThat(read.modRevision()).isEqualTo(created.modRevision());
  }

  @Test
  void deleteRemovesKeyAndReturnsLastValue() {
    storage().create(prefix + "a", b("bye"));
    Storage.Entry deleted = storage().delete(prefix + "a", cur -> {});
    assertThat(s(deleted.value())).isEqualTo("bye");
    assertThat(storage().get(prefix + "a")).isEmpty();
  }

  @Test
  void deleteCheckCanRefuseAndKeyStays() {
    storage().create(prefix + "a", b("stay"));
    assertThatThrownBy(() -> storage().delete(prefix + "a", cur -> {
      throw new IllegalStateException("uid mismatch");
    })).hasMessage("uid mismatch");
    assertThat(storage().get(prefix + "a")).isPresent();
  }

  @Test
  void deleteOfMissingKeyIsNotFound() {
    assertThatThrownBy(() -> storage().delete(prefix + "nope", cur -> {}))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.Code.NOT_FOUND));
  }

  @Test
  void listReturnsOnlyPrefixInKeyOrderWithPaging() {
    for (String k : List.of("c", "a", "b", "d", "e")) storage().create(prefix + "ns/" + k, b(k));
    storage().create(prefix + "nsx/z", b("z"));
    Storage.Page first = storage().list(prefix + "ns/", null, 2, 0);
    assertThat(first.entries()).extracting(e -> s(e.value())).containsExactly("a", "b");
    assertThat(first.nextKey()).isEqualTo(prefix + "ns/c");
    assertThat(first.remaining()).isEqualTo(3);
    Storage.Page second = storage().list(prefix + "ns/", first.nextKey(), 2, first.revision());
    assertThat(second.entries()).extracting(e -> s(e.value())).containsExactly("c", "d");
    Storage.Page last = storage().list(prefix + "ns/", second.nextKey(), 2, first.revision());
    assertThat(last.entries()).extracting(e -> s(e.value())).containsExactly("e");
    assertThat(last.nextKey()).isNull();
    assertThat(storage().list(prefix + "ns/", null, 0, 0).entries()).hasSize(5);
  }

  @Test
  void listAtOldRevisionIsConsistentSnapshot() {
    storage().create(prefix + "a", b("1"));
    long rev = storage().list(prefix, null, 0, 0).revision();
    storage().create(prefix + "b", b("2"));
    assertThat(storage().list(prefix, null, 0, rev).entries()).hasSize(1);
    assertThat(storage().list(prefix, null, 0, 0).entries()).hasSize(2);
  }

  @Test
  void watchDeliversAddedModifiedDeletedAfterRevision() throws Exception {
    storage().create(prefix + "before", b("0"));
    long rev = storage().currentRevision();
    List<Storage.WatchEvent> events = new CopyOnWriteArrayList<>();
    List<String> closes = new CopyOnWriteArrayList<>();
    try (Storage.Watch w = storage().watch(prefix, rev, new Storage.WatchListener() {
      @Override public void onEvent(Storage.WatchEvent e) { events.add(e); }
      @Override public void onClose(StorageException error) { closes.add(String.valueOf(error)); }
    })) {
      storage().create(prefix + "x", b("1"));
      storage().guaranteedUpdate(prefix + "x", cur -> b("2"));
      storage().delete(prefix + "x", cur -> {});
      // The implementation may be a real etcd on a loaded machine; a watch that closed says why.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(closes).as("the watch closed").isEmpty();
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
      });
    }
    assertThat(events).extracting(Storage.WatchEvent::type).containsExactly(
        Storage.WatchEvent.Type.ADDED, Storage.WatchEvent.Type.MODIFIED, Storage.WatchEvent.Type.DELETED);
    assertThat(s(events.get(2).previous())).isEqualTo("2");
    assertThat(events.get(0).revision()).isGreaterThan(rev);
  }
}
