package io.capstan.e2e.scheduler;

import static io.capstan.e2e.scheduler.SchedulerFixture.pod;
import static io.capstan.e2e.scheduler.SchedulerFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.leader.Fabric8LeaseStore;
import io.capstan.client.leader.LeaderElectionConfig;
import io.capstan.client.leader.LeaderElector;
import io.capstan.e2e.support.Fabric8;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerReplica;
import io.capstan.scheduler.core.SchedulerSettings;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler replicas, each its own assembly, client, bus consumer group and identity,
 * competing for one Lease with short timings: only the holder binds pods, and when it dies
 * without releasing the Lease the other takes over and schedules within the lease duration.
 */
class SchedulerLeaderElectionE2ETest {
  private static final String PROFILE = "e2e-replicated-scheduler";
  /*
   * Short, but not so short that the leader misses its renew deadline when the API server stalls
   * for a couple of seconds on a loaded two-core CI host: then the standby would lead before the
   * test stops the leader. 8 s is still well apart from the 15 s Kubernetes default.
   */
  private static final Duration LEASE = Duration.ofSeconds(8);
  private static final Duration RENEW = Duration.ofSeconds(6);
  private static final Duration RETRY = Duration.ofMillis(500);
  /** The Lease reads and writes of the takeover (and a renewal in flight at the stop) on a loaded host. */
  private static final Duration ROUND_TRIPS = Duration.ofSeconds(3);

  /** A replica and what only it sees: its metrics. */
  private record Replica(SchedulerReplica scheduler, SimpleMeterRegistry meters, KubernetesClient client) {
    double scheduled() {
      Counter c = meters.find("scheduler_schedule_attempts_total").tag("result", "scheduled").counter();
      return c == null ? 0 : c.count();
    }
  }

  private final List<Replica> replicas = new ArrayList<>();
  private SchedulerFixture nodes;

  @AfterEach
  void stop() throws InterruptedException {
    for (Replica r : replicas) {
      r.scheduler().close();
      r.client().close();
    }
    if (nodes != null) nodes.close();
  }

  private Replica replica(String identity, String leaseNamespace) throws InterruptedException {
    KubernetesClient own = Fabric8.client(ApiServerProcess.shared());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    BusSettings bus = BusSettings.local(KafkaProcess.shared().bootstrapServers(),
        "e2e-replica-" + identity + "-" + ThreadLocalRandom.current().nextInt(1 << 30));
    SchedulerSettings settings = new SchedulerSettings(List.of(ProfileSpec.defaults(PROFILE)), 0, 2, 2,
        Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(5));
    SchedulerAssembly assembly = new SchedulerAssembly(own, bus, settings, InTreePlugins.registry(), meters);
    // No release on stop: closing the leader looks to the other replica like a crash.
    LeaderElectionConfig election = LeaderElectionConfig.of(leaseNamespace, "scheduler", identity)
        .withTimings(LEASE, RENEW, RETRY).withReleaseOnStop(false);
    Fabric8LeaseStore lease = new Fabric8LeaseStore(own, leaseNamespace, "scheduler");
    Replica r = new Replica(new SchedulerReplica(assembly, callbacks -> new LeaderElector(election, lease, callbacks)),
        meters, own);
    replicas.add(r);
    r.scheduler().start();
    return r;
  }

  @Test
  void onlyTheLeaderBindsAndTheStandbyTakesOverWithinTheLeaseDuration() throws InterruptedException {
    nodes = new SchedulerFixture(Fabric8.client(ApiServerProcess.shared()));
    KubernetesClient client = nodes.client;
    String ns = Fabric8.createNamespace(client, "sched-replicas");
    String run = run();
    nodes.node("replicas-" + run, run, "4", "8Gi", Map.of());
    Replica a = replica("replica-a-" + run, ns);
    Replica b = replica("replica-b-" + run, ns);
    await().atMost(Duration.ofSeconds(20)).until(() -> a.scheduler().isLeader() ^ b.scheduler().isLeader());
    Replica leader = a.scheduler().isLeader() ? a : b;
    Replica standby = leader == a ? b : a;
    Lease lease = client.leases().inNamespace(ns).withName("scheduler").get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.scheduler().identity());

    for (int i = 0; i < 3; i++) client.pods().inNamespace(ns).resource(pod("before-" + i, run, PROFILE, "100m").build()).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> List.of(0, 1, 2).stream()
        .allMatch(i -> nodes.nodeOf(ns, "before-" + i) != null));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leader.scheduled()).isEqualTo(3));
    assertThat(standby.scheduled()).isZero();
    assertThat(standby.scheduler().isLeader()).isFalse();

    long stopped = System.nanoTime();
    leader.scheduler().close();
    replicas.remove(leader);
    leader.client().close();
    client.pods().inNamespace(ns).resource(pod("after", run, PROFILE, "100m").build()).create();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> standby.scheduler().isLeader());
    Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
    // The standby waits one lease duration from the last renewal it saw (seen at most a jittered
    // retry late), plus at most a jittered retry, plus the API round trips.
    assertThat(takeover).isLessThan(LEASE.plus(RETRY.multipliedBy(2)).plus(ROUND_TRIPS));
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.nodeOf(ns, "after") != null);
    assertThat(standby.scheduler().isLeader()).isTrue();
    assertThat(standby.scheduled()).isEqualTo(1);
    assertThat(client.leases().inNamespace(ns).withName("scheduler").get().getSpec().getHolderIdentity())
        .isEqualTo(standby.scheduler().identity());
  }
}
