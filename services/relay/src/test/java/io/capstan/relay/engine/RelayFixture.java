package io.capstan.relay.engine;

import static org.awaitility.Awaitility.await;

import io.capstan.testing.EtcdProcess;
import io.capstan.testing.KafkaProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Per-test names on the shared etcd and Kafka: an own API group (so an own topic) and an own
 * relay state prefix. Starts in-process relays and stops every one at the end.
 */
final class RelayFixture implements AutoCloseable {
  /** How long to wait for etcd, Kafka and a relay's lease, which a loaded two-core CI machine can make slow. */
  static final Duration WAIT = Duration.ofSeconds(30);

  final String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final String group = id + ".relay.test";
  final String topic = "capstan.registry." + group + ".widgets";
  final String statePrefix = "/capstan/relay-" + id + "/";
  final Client etcd;
  final String bootstrapServers;
  private final List<Relay> relays = new ArrayList<>();

  RelayFixture() {
    this(KafkaProcess.shared().bootstrapServers());
  }

  RelayFixture(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.etcd = Client.builder().endpoints(EtcdProcess.shared().endpoint()).build();
  }

  RelaySettings settings(String name) {
    return RelaySettings.local(List.of(EtcdProcess.shared().endpoint()), bootstrapServers, id + "-" + name)
        .withStatePrefix(statePrefix)
        .withLeaseTtlSeconds(3)
        .withCheckpointInterval(Duration.ofMillis(200));
  }

  Relay start(String name) {
    Relay relay = new Relay(settings(name), new SimpleMeterRegistry());
    relays.add(relay);
    relay.start();
    return relay;
  }

  /**
   * Waits until {@code relay} leads and has fixed where it publishes from. The first leader of a
   * state prefix starts at etcd's current revision, read after it reports itself leader (consumers
   * LIST first, so nothing older is needed): a write racing that read is not published, by design.
   * Once the checkpoint is stored, every later write is.
   */
  void awaitPublishing(Relay relay) {
    await().atMost(WAIT).until(() -> relay.isLeader() && checkpoint().isPresent());
  }

  String key(String namespace, String name) {
    return "/registry/" + group + "/widgets/" + namespace + "/" + name;
  }

  /** Writes {@code value} at {@code key}; returns the revision of the write. */
  long put(String key, String value) throws Exception {
    return etcd.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS).getHeader().getRevision();
  }

  long delete(String key) throws Exception {
    return etcd.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS).getHeader().getRevision();
  }

  OptionalLong checkpoint() throws Exception {
    var kvs = etcd.getKVClient().get(bytes(statePrefix + "revision")).get(5, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong(kvs.get(0).getValue().toString(StandardCharsets.UTF_8)));
  }

  BusTap tap() {
    return new BusTap(bootstrapServers, topic);
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    relays.forEach(Relay::stop);
    etcd.close();
  }
}
