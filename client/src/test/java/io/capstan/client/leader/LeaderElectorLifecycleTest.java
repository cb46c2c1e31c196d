package io.capstan.client.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The election loop on its own threads, with the system clock and a short retry period. The lease
 * is long (30 s) so that, within these tests, only a release lets a standby in, however slowly a
 * loaded machine runs them.
 */
class LeaderElectorLifecycleTest {

  private final InMemoryLeaseStore store = new InMemoryLeaseStore();

  private LeaderElector elector(String identity, RecordingCallbacks callbacks, boolean release) {
    return elector("lock", identity, callbacks, release);
  }

  private LeaderElector elector(String lease, String identity, RecordingCallbacks callbacks, boolean release) {
    LeaderElectionConfig config = LeaderElectionConfig.of("test", lease, identity)
        .withTimings(Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofMillis(50))
        .withReleaseOnStop(release);
    return new LeaderElector(config, store, callbacks);
  }

  @Test
  void stopReleasesTheLeaseAndAStandbyTakesOver() throws Exception {
    RecordingCallbacks aEvents = new RecordingCallbacks();
    RecordingCallbacks bEvents = new RecordingCallbacks();
    LeaderElector a = elector("a", aEvents, true);
    LeaderElector b = elector("b", bEvents, true);
    a.start();
    await().until(a::isLeader);
    b.start();
    await().until(() -> b.leader().isPresent());
    assertThat(b.isLeader()).isFalse();

    a.stop();
    assertThat(aEvents.events).containsSubsequence("started", "stopped");
    assertThat(a.hasEnded()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(b::isLeader); // well before the 30 s lease would expire
    b.stop();
    assertThat(store.stored().isHeld()).isFalse();
    assertThat(store.stored().leaseTransitions()).isEqualTo(1);
    assertThat(bEvents.events).containsExactly("leader:a", "leader:b", "started", "stopped");
  }

  @Test
  void stopWithoutReleaseLeavesTheLeaseToExpire() throws Exception {
    RecordingCallbacks aEvents = new RecordingCallbacks();
    LeaderElector a = elector("a", aEvents, false);
    a.start();
    await().until(a::isLeader);
    a.stop();
    assertThat(store.stored().holderIdentity()).isEqualTo("a");
    assertThat(aEvents.events).containsSubsequence("started", "stopped");
  }

  /** A lease of its own: electors of other test classes in this JVM name their threads after theirs. */
  @Test
  void threadsAreNamedDaemonsAndEndWithTheElector() throws Exception {
    LeaderElector a = elector("threads-lock", "a", new RecordingCallbacks(), true);
    a.start();
    await().until(a::isLeader);
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("leader-elector-test-threads-lock"))
        .isNotEmpty()
        .allMatch(Thread::isDaemon);
    a.stop();
    await().until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("leader-elector-test-threads-lock")));
  }
}
