package io.capstan.client.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaderElectorTest {

  private final FakeElectionClock clock = new FakeElectionClock();
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final RecordingCallbacks aEvents = new RecordingCallbacks();
  private final RecordingCallbacks bEvents = new RecordingCallbacks();
  private final List<LeaderElector> electors = new ArrayList<>();
  private final LeaderElector a = elector("a", aEvents);
  private final LeaderElector b = elector("b", bEvents);

  private LeaderElector elector(String identity, LeaderCallbacks callbacks) {
    LeaderElector e = new LeaderElector(LeaderElectionConfig.of("test", "lock", identity), store, callbacks, clock);
    electors.add(e);
    return e;
  }

  /** runOnce() starts an elector's callback thread; stop() ends it, so none outlives its test. */
  @AfterEach
  void stopElectors() throws InterruptedException {
    for (LeaderElector e : electors) e.stop();
  }

  @Test
  void acquiresALeaseThatDoesNotExist() {
    Instant t0 = clock.now();
    assertThat(a.runOnce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(a.isLeader()).isTrue();
    assertThat(a.leader()).contains("a");
    LeaseRecord lease = store.stored();
    assertThat(lease.holderIdentity()).isEqualTo("a");
    assertThat(lease.leaseDurationSeconds()).isEqualTo(15);
    assertThat(lease.acquireTime()).isEqualTo(t0);
    assertThat(lease.renewTime()).isEqualTo(t0);
    assertThat(lease.leaseTransitions()).isZero();
    await().until(() -> aEvents.events.size() == 2);
    assertThat(aEvents.events).containsExactlyInAnyOrder("leader:a", "started");
  }

  @Test
  void renewingMovesRenewTimeAndKeepsAcquireTimeAndTransitions() {
    a.runOnce();
    LeaseRecord first = store.stored();
    clock.step(Duration.ofSeconds(2));
    a.runOnce();
    LeaseRecord renewed = store.stored();
    assertThat(renewed.renewTime()).isEqualTo(first.renewTime().plusSeconds(2));
    assertThat(renewed.acquireTime()).isEqualTo(first.acquireTime());
    assertThat(renewed.leaseTransitions()).isEqualTo(first.leaseTransitions());
    assertThat(renewed.resourceVersion()).isNotEqualTo(first.resourceVersion());
    assertThat(a.isLeader()).isTrue();
  }

  @Test
  void aStandbyTakesOverOnlyAfterTheLeaseHasNotChangedForItsDuration() {
    a.runOnce();
    assertThat(b.runOnce()).isNotNull();
    assertThat(b.isLeader()).isFalse();
    assertThat(b.leader()).contains("a");
    await().until(() -> bEvents.events.contains("leader:a"));

    clock.step(Duration.ofSeconds(10));
    a.runOnce(); // the leader renews, and the standby sees the change: its count starts again
    b.runOnce();
    clock.step(Duration.ofSeconds(10));
    b.runOnce();
    assertThat(b.isLeader()).as("20 s since first seen, but 10 s since the last change").isFalse();

    clock.step(Duration.ofMillis(4_999));
    b.runOnce();
    assertThat(b.isLeader()).isFalse(); // a stopped renewing 14.999 s ago
    clock.step(Duration.ofMillis(1));
    b.runOnce();
    assertThat(b.isLeader()).isTrue();
    LeaseRecord lease = store.stored();
    assertThat(lease.holderIdentity()).isEqualTo("b");
    assertThat(lease.leaseTransitions()).isEqualTo(1);
    assertThat(lease.acquireTime()).isEqualTo(clock.now());
    await().until(() -> bEvents.events.contains("started") && bEvents.events.contains("leader:b"));
  }

  @Test
  void theLeaseRunsFromWhenTheStandbySawTheRenewalNotFromWhenItAsked() {
    a.runOnce();
    b.runOnce();
    // b asks again; a second passes and a renews while b's read is on its way back.
    store.duringNextRead(() -> {
      clock.step(Duration.ofSeconds(1));
      a.runOnce();
    });
    b.runOnce();
    assertThat(b.leader()).contains("a");

    clock.step(Duration.ofSeconds(14));
    b.runOnce();
    assertThat(b.isLeader()).as("15 s after b asked, but 14 s after it saw a's renewal").isFalse();
    clock.step(Duration.ofSeconds(1));
    b.runOnce();
    assertThat(b.isLeader()).isTrue();
  }

  @Test
  void aLeaseHeldByOurOwnIdentityIsTakenAtOnce() {
    Instant before = clock.now();
    store.forceWrite(new LeaseRecord("a", 15, before, before, 4, null));
    clock.step(Duration.ofSeconds(1));
    LeaderElector restarted = elector("a", new RecordingCallbacks());
    restarted.runOnce();
    assertThat(restarted.isLeader()).isTrue();
    assertThat(store.stored().leaseTransitions()).as("same holder: no transition").isEqualTo(4);
    assertThat(store.stored().acquireTime()).isEqualTo(before);
  }

  @Test
  void releaseClearsTheHolderSoAStandbyAcquiresAtOnce() {
    a.runOnce();
    b.runOnce();
    assertThat(a.release()).isTrue();
    LeaseRecord released = store.stored();
    assertThat(released.isHeld()).isFalse();
    assertThat(released.leaseTransitions()).isZero();

    b.runOnce();
    assertThat(b.isLeader()).isTrue();
    assertThat(store.stored().holderIdentity()).isEqualTo("b");
    assertThat(store.stored().leaseTransitions()).isEqualTo(1);
  }

  @Test
  void releaseByANonLeaderWritesNothing() {
    a.runOnce();
    b.runOnce();
    String version = store.stored().resourceVersion();
    assertThat(b.release()).isTrue();
    assertThat(store.stored().resourceVersion()).isEqualTo(version);
  }

  @Test
  void aConflictOnUpdateMeansSomeoneElseWon() {
    store.forceWrite(new LeaseRecord("", 15, clock.now(), clock.now(), 3, null));
    store.beforeNextWrite(() -> b.runOnce()); // b writes between a's read and a's write
    a.runOnce();
    assertThat(a.isLeader()).isFalse();
    assertThat(b.isLeader()).isTrue();
    assertThat(store.stored().holderIdentity()).isEqualTo("b");
    assertThat(store.stored().leaseTransitions()).isEqualTo(4);

    a.runOnce(); // a now sees b's lease, fresh: it waits
    assertThat(a.isLeader()).isFalse();
    assertThat(a.leader()).contains("b");
  }

  @Test
  void aConflictOnCreateMeansSomeoneElseWon() {
    store.beforeNextWrite(() -> b.runOnce());
    a.runOnce();
    assertThat(a.isLeader()).isFalse();
    assertThat(b.isLeader()).isTrue();
    assertThat(store.stored().holderIdentity()).isEqualTo("b");
  }

  @Test
  void aLeaderThatCannotRenewWithinTheDeadlineStopsLeading() {
    a.runOnce();
    store.setUnreachable(true);
    clock.step(Duration.ofSeconds(2));
    assertThat(a.runOnce()).isEqualTo(Duration.ofSeconds(2));
    clock.step(Duration.ofSeconds(7));
    a.runOnce();
    assertThat(a.isLeader()).as("9 s without renewal, deadline 10 s").isTrue();
    clock.step(Duration.ofSeconds(1));
    assertThat(a.runOnce()).isNull();
    assertThat(a.isLeader()).isFalse();
    assertThat(a.hasEnded()).isTrue();
    await().until(() -> aEvents.events.contains("stopped"));
    assertThat(aEvents.events).containsSubsequence("started", "stopped");
  }

  @Test
  void aLeaderWhoseLeaseWasTakenStopsLeadingAtTheDeadline() {
    a.runOnce();
    store.forceWrite(new LeaseRecord("b", 15, clock.now(), clock.now(), 1, null));
    clock.step(Duration.ofSeconds(2));
    a.runOnce();
    assertThat(a.leader()).contains("b");
    clock.step(Duration.ofSeconds(8));
    assertThat(a.runOnce()).isNull();
    assertThat(a.isLeader()).isFalse();
    await().until(() -> aEvents.events.contains("stopped"));
    assertThat(aEvents.events).contains("leader:b");
  }

  @Test
  void aFailedRenewalThatRecoversBeforeTheDeadlineKeepsLeading() {
    a.runOnce();
    store.setUnreachable(true);
    clock.step(Duration.ofSeconds(6));
    a.runOnce();
    store.setUnreachable(false);
    clock.step(Duration.ofSeconds(2));
    a.runOnce();
    clock.step(Duration.ofSeconds(6)); // 14 s since the first renewal, 6 s since the last
    a.runOnce();
    assertThat(a.isLeader()).isTrue();
    assertThat(aEvents.events).doesNotContain("stopped");
  }
}
