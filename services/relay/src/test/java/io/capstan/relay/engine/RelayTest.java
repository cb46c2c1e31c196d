package io.capstan.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.model.bus.BusEvent;
import io.capstan.relay.engine.BusTap.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In-process relays against the suite's real etcd and Kafka; each test has its own topic and state prefix. */
class RelayTest {
  private final RelayFixture fx = new RelayFixture();
  private final BusTap tap = fx.tap();

  @AfterEach
  void tearDown() {
    tap.close();
    fx.close();
  }

  @Test
  void publishesCreateUpdateDeleteWithTypeRevisionKeyAndBytes() throws Exception {
    Relay relay = fx.start("a");
    fx.awaitPublishing(relay);
    String key = fx.key("ns1", "w1");
    String v1 = "{\"kind\":\"Widget\",\"spec\":{\"n\":1}}";
    String v2 = "{\"kind\":\"Widget\",\"spec\":{\"n\":2}}";
    long created = fx.put(key, v1);
    long updated = fx.put(key, v2);
    fx.put("/registry/capstan/allocations/" + fx.id, "bookkeeping"); // not an object: skipped
    fx.put("/registry/" + fx.group + "/widgets/too/many/parts", "{}"); // malformed: skipped
    long deleted = fx.delete(key);

    await().atMost(RelayFixture.WAIT).until(() -> tap.read().size() >= 3);
    List<Received> got = tap.read();
    assertThat(got).hasSize(3);
    assertThat(got).extracting(Received::key).containsOnly("ns1/w1");
    assertThat(got).extracting(r -> r.event().type())
        .containsExactly(BusEvent.Type.ADDED, BusEvent.Type.MODIFIED, BusEvent.Type.DELETED);
    assertThat(got).extracting(r -> r.event().revision()).containsExactly(created, updated, deleted);
    assertThat(got).extracting(r -> r.event().key()).containsOnly(key);
    assertThat(got).extracting(r -> new String(r.event().object(), StandardCharsets.UTF_8))
        .containsExactly(v1, v2, v2); // a delete carries the value before it
    // Only the three object changes were published, and the relay catches up completely.
    await().atMost(RelayFixture.WAIT).untilAsserted(() -> {
      assertThat(relay.metrics().publishedTotal()).isEqualTo(3);
      assertThat(relay.metrics().lag()).isZero();
      assertThat(fx.checkpoint().orElseThrow()).isGreaterThanOrEqualTo(deleted);
    });
  }

  @Test
  void standbyTakesOverWhenTheLeaderDiesAndNothingIsLost() throws Exception {
    Relay a = fx.start("a");
    fx.awaitPublishing(a);
    Relay b = fx.start("b");
    Set<Long> written = new TreeSet<>();
    for (int i = 0; i < 20; i++) written.add(fx.put(fx.key("ns", "before-" + i), "{\"i\":" + i + "}"));
    assertThat(b.isLeader()).isFalse();

    a.abandon(); // as SIGKILL: no checkpoint, no revoke; the lease runs out after its TTL
    long crashed = System.nanoTime();
    // The standby leads once etcd expires the dead leader's lease (TTL 3 s). The bound leaves a
    // loaded machine (etcd expiring leases late, threads descheduled) room, and still fails a
    // standby that waits for much more than the TTL, or for ever.
    Duration bound = Duration.ofSeconds(fx.settings("b").leaseTtlSeconds() + 10);
    int i = 0;
    while (!b.isLeader()) {
      written.add(fx.put(fx.key("ns", "during-" + i), "{\"i\":" + i++ + "}"));
      assertThat(Duration.ofNanos(System.nanoTime() - crashed)).as("takeover time").isLessThan(bound);
    }
    Duration takeover = Duration.ofNanos(System.nanoTime() - crashed);
    for (int j = 0; j < 20; j++) written.add(fx.put(fx.key("ns", "after-" + j), "{\"j\":" + j + "}"));
    System.out.printf("failover: standby led %d ms after the leader died; %d writes meanwhile%n",
        takeover.toMillis(), i);

    await().atMost(RelayFixture.WAIT).untilAsserted(() ->
        assertThat(revisions(tap.read())).containsAll(written));
  }

  @Test
  void restartResumesFromTheCheckpointWithABoundedReplay() throws Exception {
    Relay a = fx.start("a");
    fx.awaitPublishing(a);
    Set<Long> first = new TreeSet<>();
    for (int i = 0; i < 100; i++) first.add(fx.put(fx.key("ns", "w" + i), "{\"i\":" + i + "}"));
    await().atMost(RelayFixture.WAIT).until(() -> revisions(tap.read()).containsAll(first));
    a.stop(); // graceful: final checkpoint, lease revoked
    assertThat(fx.checkpoint().orElseThrow()).isGreaterThanOrEqualTo(((TreeSet<Long>) first).last());
    int seenAtStop = tap.read().size();

    Set<Long> whileDown = new TreeSet<>();
    for (int i = 0; i < 10; i++) whileDown.add(fx.put(fx.key("ns", "down" + i), "{\"i\":" + i + "}"));
    Relay b = fx.start("b");
    await().atMost(RelayFixture.WAIT).until(() -> revisions(tap.read()).containsAll(whileDown));
    // Nothing written while no relay ran was lost, and nothing before the checkpoint came again.
    List<Received> afterStop = tap.read();
    assertThat(revisions(afterStop.subList(seenAtStop, afterStop.size()))).isEqualTo(whileDown);

    // A crash loses at most the last checkpoint interval's progress: the next leader replays
    // only revisions above the stored checkpoint.
    Set<Long> beforeCrash = new TreeSet<>();
    for (int i = 0; i < 50; i++) beforeCrash.add(fx.put(fx.key("ns", "c" + i), "{\"i\":" + i + "}"));
    await().atMost(RelayFixture.WAIT).until(() -> revisions(tap.read()).containsAll(beforeCrash));
    b.abandon();
    long checkpoint = fx.checkpoint().orElseThrow();
    int seenAtCrash = tap.read().size();
    Relay c = fx.start("c");
    await().atMost(RelayFixture.WAIT).until(c::isLeader);
    long marker = fx.put(fx.key("ns", "marker"), "{}");
    await().atMost(RelayFixture.WAIT).until(() -> revisions(tap.read()).contains(marker));
    List<Received> afterCrash = tap.read();
    List<Received> replayed = afterCrash.subList(seenAtCrash, afterCrash.size());
    System.out.printf("crash restart: checkpoint %d, %d of %d events replayed%n", checkpoint,
        replayed.size() - 1, beforeCrash.size());
    assertThat(revisions(replayed)).allMatch(r -> r > checkpoint);
    assertThat(replayed.size()).isLessThanOrEqualTo(beforeCrash.size() + 1);
  }

  @Test
  void compactionPastTheCheckpointPublishesResync() throws Exception {
    Relay a = fx.start("a");
    fx.awaitPublishing(a);
    long first = fx.put(fx.key("ns", "w0"), "{}");
    await().atMost(RelayFixture.WAIT).until(() -> revisions(tap.read()).contains(first));
    a.stop();

    for (int i = 1; i < 5; i++) fx.put(fx.key("ns", "w" + i), "{}");
    long compactedAt = fx.put(fx.key("ns", "w5"), "{}");
    fx.etcd.getKVClient().compact(compactedAt).get();

    Relay b = fx.start("b");
    await().atMost(RelayFixture.WAIT).until(() ->
        tap.read().stream().anyMatch(r -> r.event().type() == BusEvent.Type.RESYNC));
    Received resync = tap.read().stream().filter(r -> r.event().type() == BusEvent.Type.RESYNC).findFirst().orElseThrow();
    assertThat(resync.event().revision()).isGreaterThanOrEqualTo(compactedAt);
    assertThat(resync.key()).isNull();
    // The relay stores the checkpoint and counts the resync only once Kafka acknowledged the
    // markers, so a consumer can read a marker before either: wait for them.
    await().atMost(RelayFixture.WAIT).untilAsserted(() -> {
      assertThat(b.metrics().resyncs()).isEqualTo(1);
      assertThat(fx.checkpoint().orElseThrow()).isGreaterThanOrEqualTo(resync.event().revision());
    });

    long after = fx.put(fx.key("ns", "w6"), "{}");
    await().atMost(RelayFixture.WAIT).until(() -> revisions(tap.read()).contains(after));
    assertThat(after).isGreaterThan(resync.event().revision());
  }

  static Set<Long> revisions(List<Received> received) {
    return received.stream().filter(r -> r.event().type() != BusEvent.Type.RESYNC)
        .map(r -> r.event().revision()).collect(Collectors.toCollection(TreeSet::new));
  }
}
