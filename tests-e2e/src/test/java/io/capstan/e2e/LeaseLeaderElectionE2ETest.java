package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.leader.Fabric8LeaseStore;
import io.capstan.client.leader.LeaderCallbacks;
import io.capstan.client.leader.LeaderElectionConfig;
import io.capstan.client.leader.LeaderElector;
import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two electors compete for one coordination.k8s.io/v1 Lease on the real API server; the Lease is
 * read back with the unmodified fabric8 client. Short timings: lease 3 s, renew 2 s, retry 0.5 s.
 */
class LeaseLeaderElectionE2ETest {

  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEW = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofMillis(500);
  /** A bound on progress (an elector polls every {@link #RETRY}), not a claim about speed. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static KubernetesClient client;
  private final List<LeaderElector> started = new ArrayList<>();

  @BeforeAll
  static void connect() {
    client = Fabric8.client(ApiServerProcess.shared());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @AfterEach
  void stopElectors() throws InterruptedException {
    for (LeaderElector elector : started) {
      elector.stop();
    }
  }

  @Test
  void exactlyOneLeadsAndKeepsRenewingTheLease() {
    String ns = Fabric8.createNamespace(client, "lease-one");
    LeaderElector a = start(ns, "a", true, LeaderCallbacks.of(() -> {}, () -> {}, id -> {}));
    LeaderElector b = start(ns, "b", true, LeaderCallbacks.of(() -> {}, () -> {}, id -> {}));

    await().atMost(WAIT).until(() -> a.isLeader() || b.isLeader());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> Stream.of(a, b).filter(LeaderElector::isLeader).count() == 1);
    LeaderElector leader = a.isLeader() ? a : b;
    LeaderElector standby = leader == a ? b : a;
    await().atMost(WAIT).until(() -> standby.leader().isPresent());
    assertThat(standby.leader()).contains(leader.identity());

    LeaseSpec first = lease(ns).getSpec();
    assertThat(first.getHolderIdentity()).isEqualTo(leader.identity());
    assertThat(first.getLeaseDurationSeconds()).isEqualTo(3);
    assertThat(first.getLeaseTransitions()).isZero();
    assertThat(first.getAcquireTime()).isNotNull();
    assertThat(first.getRenewTime()).isNotNull().isAfterOrEqualTo(first.getAcquireTime());

    await().atMost(WAIT).untilAsserted(() -> {
      LeaseSpec later = lease(ns).getSpec();
      assertThat(later.getHolderIdentity()).isEqualTo(leader.identity());
      assertThat(later.getRenewTime()).isAfter(first.getRenewTime());
      assertThat(later.getAcquireTime()).isEqualTo(first.getAcquireTime());
    });
  }

  @Test
  void aLeaderStoppedGracefullyReleasesTheLeaseAndTheStandbyTakesOverAtOnce() throws Exception {
    String ns = Fabric8.createNamespace(client, "lease-release");
    List<String> aEvents = new CopyOnWriteArrayList<>();
    AtomicLong bStartedAt = new AtomicLong();
    LeaderElector a = start(ns, "a", true,
        LeaderCallbacks.of(() -> aEvents.add("started"), () -> aEvents.add("stopped"), id -> {}));
    await().atMost(WAIT).until(a::isLeader);
    LeaderElector b = start(ns, "b", true,
        LeaderCallbacks.of(() -> bStartedAt.set(System.nanoTime()), () -> {}, id -> {}));
    await().atMost(WAIT).until(() -> b.leader().isPresent());
    assertThat(b.isLeader()).isFalse();

    long stoppedAt = System.nanoTime();
    a.stop();
    assertThat(aEvents).containsExactly("started", "stopped");
    // Without the release b would wait for the 3 s lease (at least 2.5 s after the stop). The
    // waits only bound progress: the take-over time is the claim, checked on its own below.
    await().atMost(WAIT).until(b::isLeader);
    await().atMost(WAIT).until(() -> bStartedAt.get() != 0);
    Duration tookOver = Duration.ofNanos(bStartedAt.get() - stoppedAt);
    assertThat(tookOver).as("b started leading %d ms after a's stop", tookOver.toMillis())
        .isLessThan(LEASE.minus(RETRY));

    LeaseSpec spec = lease(ns).getSpec();
    assertThat(spec.getHolderIdentity()).isEqualTo(b.identity());
    assertThat(spec.getLeaseTransitions()).isEqualTo(1);
  }

  @Test
  void anAbandonedLeaderIsReplacedOnlyAfterTheLeaseExpires() throws Exception {
    String ns = Fabric8.createNamespace(client, "lease-expire");
    LeaderElector a = start(ns, "a", false, LeaderCallbacks.of(() -> {}, () -> {}, id -> {}));
    await().atMost(WAIT).until(a::isLeader);
    LeaderElector b = start(ns, "b", true, LeaderCallbacks.of(() -> {}, () -> {}, id -> {}));
    await().atMost(WAIT).until(() -> b.leader().isPresent());

    a.stop(); // stops renewing (stop() returns after the loop ended), leaves the Lease as it is
    LeaseSpec abandoned = lease(ns).getSpec();
    assertThat(abandoned.getHolderIdentity()).isEqualTo(a.identity());
    ZonedDateTime lastRenew = abandoned.getRenewTime();

    await().atMost(WAIT).until(b::isLeader);

    LeaseSpec spec = lease(ns).getSpec();
    assertThat(spec.getHolderIdentity()).isEqualTo(b.identity());
    assertThat(spec.getLeaseTransitions()).isEqualTo(1);
    // b saw a's last renewal no earlier than it was written, and must then wait the whole lease.
    // Both times are in the Lease: a loop of a's held up by a loaded machine before stop()
    // cannot make b look early, as a time taken after stop() returned could. (The electors time
    // the lease on the monotonic clock, the Lease holds wall times: 10 ms for the wall clock's slew.)
    Duration waited = Duration.between(lastRenew, spec.getAcquireTime());
    assertThat(waited).as("b acquired %d ms after a's last renewal", waited.toMillis())
        .isGreaterThanOrEqualTo(LEASE.minusMillis(10));
  }

  private LeaderElector start(String ns, String name, boolean releaseOnStop, LeaderCallbacks callbacks) {
    LeaderElectionConfig config = LeaderElectionConfig.of(ns, "controller-lock", name + "-" + ns)
        .withTimings(LEASE, RENEW, RETRY)
        .withReleaseOnStop(releaseOnStop);
    LeaderElector elector = new LeaderElector(config, new Fabric8LeaseStore(client, ns, "controller-lock"), callbacks);
    started.add(elector);
    elector.start();
    return elector;
  }

  private static Lease lease(String ns) {
    return client.leases().inNamespace(ns).withName("controller-lock").get();
  }
}
