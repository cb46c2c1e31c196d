package io.capstan.client.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Snapshot;
import io.capstan.model.bus.BusEvent;
import io.capstan.testing.KafkaProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka source against a real broker: the gap-free rule, stale drops and resync markers. */
class KafkaEventSourceTest {
  /** How long to wait for the shared broker, which a loaded two-core CI machine can make slow. */
  private static final Duration BROKER = Duration.ofSeconds(30);

  private static KafkaProducer<String, byte[]> producer;
  private static BusSettings settings;
  private static TopicProvisioner topics;
  private final List<Informer<RawObject>> informers = new ArrayList<>();

  @BeforeAll
  static void kafka() {
    settings = BusSettings.local(KafkaProcess.shared().bootstrapServers(), "client-test");
    topics = new TopicProvisioner(settings);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void close() {
    producer.close();
    topics.close();
  }

  @AfterEach
  void stopInformers() {
    informers.forEach(Informer::close);
  }

  private static String topic() throws Exception {
    String t = "capstan.test." + UUID.randomUUID();
    topics.ensure(t); // the broker does not auto-create topics; the relay and consumers create them
    return t;
  }

  private static RawObject obj(String name, long rev) {
    return new RawObject("/registry/configmaps/ns/" + name,
        ("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"rev\":\"" + rev + "\"}}").getBytes(StandardCharsets.UTF_8), rev);
  }

  private static void publish(String topic, BusEvent.Type type, RawObject o) throws Exception {
    String key = o == null ? "" : "ns/" + o.etcdKey().substring(o.etcdKey().lastIndexOf('/') + 1);
    BusEvent e = o == null ? BusEvent.resync(0) : new BusEvent(type, o.revision(), o.etcdKey(), o.value());
    producer.send(new ProducerRecord<>(topic, key, e.encode())).get();
  }

  private static void publishResync(String topic, long revision) throws Exception {
    producer.send(new ProducerRecord<>(topic, "", BusEvent.resync(revision).encode())).get();
  }

  private Informer<RawObject> informer(String topic, io.capstan.client.informer.ListSource<RawObject> lister) {
    Informer<RawObject> i = Informer.builder(topic, RawObject.ACCESS).lister(lister)
        .source(new KafkaEventSource<>(settings, topics, topic, RawObject.DECODER)).build();
    informers.add(i);
    return i;
  }

  @Test
  void aMissingTopicIsCreatedAndLaterChangesArrive() throws Exception {
    String topic = "capstan.test." + UUID.randomUUID(); // not created: the source must create it
    Informer<RawObject> i = informer(topic, () -> new Snapshot<>(List.of(), 1));
    i.start();
    assertThat(i.awaitSynced(Duration.ofSeconds(60))).isTrue();
    publish(topic, BusEvent.Type.ADDED, obj("a", 2));
    publish(topic, BusEvent.Type.MODIFIED, obj("a", 3));
    await().atMost(BROKER).until(() -> i.store().get("ns/a").map(RawObject::revision).orElse(0L) == 3);
    assertThat(new String(i.store().get("ns/a").orElseThrow().value(), StandardCharsets.UTF_8)).contains("\"rev\":\"3\"");
  }

  @Test
  void changesBetweenPositionAndListAreKeptAndOlderOnesDropped() throws Exception {
    String topic = topic();
    publish(topic, BusEvent.Type.ADDED, obj("old", 2)); // before the position: covered by the LIST
    List<String> adds = new CopyOnWriteArrayList<>();
    Informer<RawObject> i = informer(topic, () -> {
      // Written after the position was captured: "inside" is in the LIST (rev 4 ≤ 5), "after" is not.
      publish(topic, BusEvent.Type.ADDED, obj("inside", 4));
      publish(topic, BusEvent.Type.ADDED, obj("after", 6));
      return new Snapshot<>(List.of(obj("old", 2), obj("inside", 4)), 5);
    });
    i.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(RawObject o, boolean initial) {
        adds.add(RawObject.ACCESS.key(o) + "@" + o.revision() + (initial ? " (list)" : ""));
      }
    });
    i.start();
    assertThat(i.awaitSynced(Duration.ofSeconds(60))).isTrue();
    // The store takes a change before its handlers run, so wait for what the handler saw.
    await().atMost(BROKER).untilAsserted(() -> assertThat(adds)
        .containsExactly("ns/old@2 (list)", "ns/inside@4 (list)", "ns/after@6"));
    assertThat(i.store().size()).isEqualTo(3);
  }

  @Test
  void aResyncMarkerNewerThanTheListMakesTheInformerRelist() throws Exception {
    String topic = topic();
    AtomicInteger lists = new AtomicInteger();
    AtomicReference<Snapshot<RawObject>> state = new AtomicReference<>(new Snapshot<>(List.of(obj("a", 3)), 3));
    Informer<RawObject> i = informer(topic, () -> {
      lists.incrementAndGet();
      return state.get();
    });
    i.start();
    assertThat(i.awaitSynced(Duration.ofSeconds(60))).isTrue();
    publishResync(topic, 2); // not newer than the LIST: nothing to do
    state.set(new Snapshot<>(List.of(obj("b", 9)), 10));
    publishResync(topic, 10);
    // A relist replaces the store before it moves lastRevision: wait for both.
    await().atMost(BROKER).untilAsserted(() -> {
      assertThat(i.store().keys()).containsExactly("ns/b");
      assertThat(i.lastRevision()).isEqualTo(10);
    });
    assertThat(lists.get()).isEqualTo(2);
  }

  @Test
  void deletesCarryTheLastStateAndReplaysDoNotResurrect() throws Exception {
    String topic = topic();
    Informer<RawObject> i = informer(topic, () -> new Snapshot<>(List.of(obj("a", 3)), 3));
    i.start();
    assertThat(i.awaitSynced(Duration.ofSeconds(60))).isTrue();
    publish(topic, BusEvent.Type.DELETED, obj("a", 7));
    publish(topic, BusEvent.Type.MODIFIED, obj("a", 5)); // a relay replaying after failover
    publish(topic, BusEvent.Type.ADDED, obj("z", 8));
    await().atMost(BROKER).until(() -> i.store().get("ns/z").isPresent());
    assertThat(i.store().get("ns/a")).isEmpty();
  }
}
