package io.capstan.e2e.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.RawObject;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.model.bus.BusTopics;
import io.capstan.testing.EtcdProcess;
import io.capstan.testing.KafkaProcess;
import io.capstan.testing.RelayProcess;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The watch bus end to end (DESIGN §4): ConfigMaps written straight to a real etcd, published by
 * real relay processes (one leads, the others stand by) to a Kafka broker of this test's own, read
 * by five Kafka-fed informers. Once the writers are done, every informer cache must equal an etcd
 * LIST object by object: same keys, same stored bytes, same revision. Once as is, and once while
 * the relay leader is SIGKILLed twice and the broker once.
 *
 * <p>The etcd is the suite's shared one: the relays keep their leader key and checkpoint under
 * their own state prefix, and the writers touch only this class's namespaces.
 */
class WatchBusConsistencyTest {
  private static final String PREFIX = "/registry/configmaps/";
  private static final String TOPIC = BusTopics.forStoragePrefix("/registry/configmaps");
  private static final int INFORMERS = 5;
  private static final int WRITERS = 20;
  private static final int OPS = 10_000;
  private static final int NAMESPACES = 5;
  private static final int NAMES_PER_NAMESPACE = 50;
  private static final Duration CONVERGENCE = Duration.ofSeconds(120);

  private static final String ID = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final String STATE_PREFIX = "/capstan/relay-wbc-" + ID + "/";

  private static Client etcd;
  private static KafkaProcess kafka;
  private static final List<RelayProcess> relays = new ArrayList<>();
  private static final Map<Informer<RawObject>, SimpleMeterRegistry> METERS = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    quietClientLogs();
    String endpoint = EtcdProcess.shared().endpoint();
    etcd = Client.builder().endpoints(endpoint).maxInboundMessageSize(Integer.MAX_VALUE).build();
    kafka = KafkaProcess.start("watchbus-" + ID);
    for (int i = 0; i < 3; i++) {
      relays.add(new RelayProcess(endpoint, kafka.bootstrapServers(), "--capstan.relay.state-prefix=" + STATE_PREFIX));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      relays.forEach(RelayProcess::close);
      if (kafka != null) kafka.close();
    } finally {
      if (etcd != null) {
        etcd.getKVClient().delete(EtcdPrefixLister.bytes(STATE_PREFIX), DeleteOption.builder().isPrefix(true).build())
            .get(10, TimeUnit.SECONDS);
        etcd.close();
      }
    }
  }

  @Test
  void everyInformerCacheEqualsEtcdAfterConcurrentChurn() throws Exception {
    List<String> namespaces = namespaces("plain");
    List<Informer<RawObject>> informers = new ArrayList<>();
    try (TopicProvisioner topics = new TopicProvisioner(BusSettings.local(kafka.bootstrapServers(), "wbc"))) {
      startRelays();
      startInformers(informers, topics);
      ConfigMapChurn churn = new ConfigMapChurn(etcd.getKVClient(), namespaces, NAMES_PER_NAMESPACE);
      ConfigMapChurn.Counts counts = churn.run(WRITERS, OPS, ConfigMapChurn.Gate.OPEN, Duration.ofSeconds(120));
      System.out.println("watch bus, plain run: " + counts);
      assertConverged(informers, namespaces, counts);
    } finally {
      informers.forEach(Informer::close);
      deleteNamespaces(namespaces);
    }
  }

  @Test
  void everyInformerCacheEqualsEtcdAfterRelayLeaderAndBrokerCrashes() throws Exception {
    List<String> namespaces = namespaces("faults");
    List<Informer<RawObject>> informers = new ArrayList<>();
    List<RelayProcess> killed = new ArrayList<>();
    try (TopicProvisioner topics = new TopicProvisioner(BusSettings.local(kafka.bootstrapServers(), "wbc"))) {
      startRelays();
      startInformers(informers, topics);
      ConfigMapChurn churn = new ConfigMapChurn(etcd.getKVClient(), namespaces, NAMES_PER_NAMESPACE);
      FaultSchedule[] schedule = new FaultSchedule[1];
      FaultSchedule.Action killLeader = () -> {
        RelayProcess leader = awaitLeader(Duration.ofSeconds(30));
        leader.kill();
        killed.add(leader);
      };
      FaultSchedule.Action awaitFailover = () -> {
        long since = System.nanoTime();
        RelayProcess next = awaitLeader(Duration.ofSeconds(30));
        schedule[0].note("relay pid " + next.pid() + " leads, " + ms(since) + " ms after the SIGKILL");
      };
      // Pace: 10,000 ops at 250 ops/s take about 40 s, so writes go on through every fault and recovery.
      schedule[0] = new FaultSchedule(List.of(
          new FaultSchedule.Step(1_500, "SIGKILL relay leader", killLeader, awaitFailover),
          new FaultSchedule.Step(4_000, "SIGKILL Kafka broker", kafka::kill, () -> {
            // A crashed broker that comes back a few seconds later, as a supervisor would restart it.
            TimeUnit.SECONDS.sleep(3);
            long since = System.nanoTime();
            kafka.restart();
            schedule[0].note("Kafka broker back (start took " + ms(since) + " ms)");
          }),
          new FaultSchedule.Step(6_500, "SIGKILL relay leader", killLeader, awaitFailover)),
          250, Duration.ofSeconds(120));
      schedule[0].start();
      ConfigMapChurn.Counts counts = churn.run(WRITERS, OPS, schedule[0], Duration.ofSeconds(180));
      schedule[0].awaitDone(Duration.ofSeconds(120));
      System.out.println("watch bus, faults run: " + counts);
      schedule[0].log().forEach(line -> System.out.println("  " + line));
      assertThat(killed).hasSize(2).doesNotHaveDuplicates();
      assertThat(kafka.isRunning()).isTrue();
      assertConverged(informers, namespaces, counts);
    } finally {
      informers.forEach(Informer::close);
      deleteNamespaces(namespaces);
    }
  }

  /**
   * Waits until every informer has applied the last write's revision and its cache equals etcd
   * for {@code namespaces}, then prints how long that took and what each informer went through.
   */
  private static void assertConverged(List<Informer<RawObject>> informers, List<String> namespaces,
      ConfigMapChurn.Counts counts) throws Exception {
    long quiet = System.nanoTime();
    await("every informer at revision " + counts.lastRevision()).atMost(CONVERGENCE).pollInterval(Duration.ofMillis(20))
        .until(() -> informers.stream().allMatch(i -> i.lastRevision() >= counts.lastRevision()));
    long atRevision = ms(quiet);
    Map<String, CacheDiff.Stored> truth = CacheDiff.of(new EtcdPrefixLister(etcd.getKVClient(), PREFIX).list().items(), namespaces);
    assertThat(truth).as("objects in etcd = creates - deletes").hasSize(counts.creates() - counts.deletes());
    await("every cache equals etcd").atMost(CONVERGENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      for (Informer<RawObject> i : informers) {
        assertThat(CacheDiff.differences(truth, CacheDiff.of(i.store(), namespaces))).as(i.name()).isEmpty();
      }
    });
    System.out.printf("  converged: every informer at revision %d %d ms after the last write, caches equal to etcd"
        + " (%d objects) after %d ms%n", counts.lastRevision(), atRevision, truth.size(), ms(quiet));
    for (Informer<RawObject> i : informers) System.out.println("  " + describe(i));
  }

  /**
   * Starts every relay that is not running (each test needs one to lead and standbys to fail over
   * to), one at a time: three Spring Boot JVMs starting together on a busy 2-core machine can
   * each take longer than the fixture's fixed 60 s readiness wait. A start that still misses it
   * is tried once more; the relay's start-up time is not what this test is about.
   */
  private static void startRelays() throws Exception {
    for (RelayProcess r : relays) {
      if (r.isRunning()) continue;
      try {
        r.start();
      } catch (IOException slow) {
        System.out.println("relay start missed the fixture's readiness wait, retrying once: " + firstLine(slow));
        r.start();
      }
    }
    awaitLeader(Duration.ofSeconds(30));
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }

  private static RelayProcess awaitLeader(Duration within) {
    RelayProcess[] leader = new RelayProcess[1];
    await("a relay leads").atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
      for (RelayProcess r : relays) {
        if (r.isRunning() && r.isLeader()) {
          leader[0] = r;
          return true;
        }
      }
      return false;
    });
    return leader[0];
  }

  private static void startInformers(List<Informer<RawObject>> informers, TopicProvisioner topics) throws Exception {
    for (int n = 0; n < INFORMERS; n++) {
      BusSettings bus = BusSettings.local(kafka.bootstrapServers(), "wbc-informer-" + n);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Informer<RawObject> i = Informer.builder("configmaps-" + n, RawObject.ACCESS)
          .lister(new EtcdPrefixLister(etcd.getKVClient(), PREFIX))
          .source(new KafkaEventSource<>(bus, topics, TOPIC, RawObject.DECODER))
          .meters(meters)
          .build();
      METERS.put(i, meters);
      informers.add(i);
      i.start();
    }
    for (Informer<RawObject> i : informers) assertThat(i.awaitSynced(Duration.ofSeconds(60))).as(i.name()).isTrue();
  }

  private static String describe(Informer<RawObject> i) {
    SimpleMeterRegistry m = METERS.get(i);
    return "%s: %.0f changes applied, %.0f stale dropped (replays and duplicates), %.0f relists, %d objects cached"
        .formatted(i.name(), count(m, "capstan_informer_events_total", "applied"),
            count(m, "capstan_informer_events_total", "stale"), count(m, "capstan_informer_relists_total", null),
            i.store().size());
  }

  private static double count(SimpleMeterRegistry m, String name, String result) {
    var search = m.find(name);
    if (result != null) search = search.tag("result", result);
    var c = search.counter();
    return c == null ? 0 : c.count();
  }

  private static List<String> namespaces(String run) {
    return IntStream.range(0, NAMESPACES).mapToObj(n -> "wbc-" + ID + "-" + run + "-" + n).toList();
  }

  private static void deleteNamespaces(List<String> namespaces) throws Exception {
    for (String ns : namespaces) {
      etcd.getKVClient().delete(EtcdPrefixLister.bytes(PREFIX + ns + "/"), DeleteOption.builder().isPrefix(true).build())
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static long ms(long sinceNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }

  /**
   * The test classpath logs through logback at DEBUG by default; Kafka and gRPC clients would flood
   * the output, and every consumer warns several times a second while the broker is down on purpose.
   */
  private static void quietClientLogs() {
    Map<String, Level> levels = Map.of("org.apache.kafka", Level.WARN, "org.apache.kafka.clients.NetworkClient", Level.ERROR,
        "io.etcd", Level.WARN, "io.grpc", Level.WARN, "io.netty", Level.WARN, "io.vertx", Level.WARN);
    levels.forEach((name, level) -> {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) l.setLevel(level);
    });
  }
}
