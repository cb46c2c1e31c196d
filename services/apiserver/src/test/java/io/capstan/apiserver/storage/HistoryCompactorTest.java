package io.capstan.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.EtcdProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compaction against a real etcd: history up to the previous tick's revision goes, the rest stays. */
class HistoryCompactorTest {
  private static EtcdStorage storage;

  @BeforeAll
  static void connect() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
  }

  @AfterAll
  static void close() {
    storage.close();
  }

  @Test
  void eachTickCompactsToTheRevisionSeenAtThePreviousOne() {
    String prefix = "/registry/configmaps/compact-" + UUID.randomUUID() + "/";
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    HistoryCompactor compactor = new HistoryCompactor(storage, meters, Duration.ZERO);
    try {
      long first = storage.create(prefix + "a", "{}".getBytes(StandardCharsets.UTF_8)).modRevision();
      compactor.tick(); // remembers the revision, compacts nothing
      long second = storage.create(prefix + "b", "{}".getBytes(StandardCharsets.UTF_8)).modRevision();
      assertThat(storage.list(prefix, null, 0, first).entries()).hasSize(1);

      compactor.tick(); // compacts to the revision of the first tick (≥ first, < second)
      assertThat(meters.counter("apiserver_storage_compactions_total").count()).isEqualTo(1);
      assertThatThrownBy(() -> storage.list(prefix, null, 0, first - 1))
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageException.Code.COMPACTED));
      assertThat(storage.list(prefix, null, 0, second).entries()).hasSize(2);
      storage.compact(first - 1); // already compacted: not an error
    } finally {
      compactor.stop();
    }
  }
}
