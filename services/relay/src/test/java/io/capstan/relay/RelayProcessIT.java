package io.capstan.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.model.bus.BusEvent;
import io.capstan.testing.EtcdProcess;
import io.capstan.testing.KafkaProcess;
import io.capstan.testing.RelayProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The packaged relay jar, twice: one leads and publishes; after SIGKILL the other takes over. */
class RelayProcessIT {

  @Test
  void processLeadsPublishesAndAStandbyTakesOverAfterSigkill() throws Exception {
    String id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String etcd = EtcdProcess.shared().endpoint();
    String kafka = KafkaProcess.shared().bootstrapServers();
    String statePrefix = "/capstan/relay-" + id + "/";
    String prefix = "--capstan.relay.state-prefix=" + statePrefix;
    String key = "/registry/" + id + ".relay.test/widgets/ns/w";
    String topic = "capstan.registry." + id + ".relay.test.widgets";
    List<BusEvent> events = new ArrayList<>();
    try (RelayProcess first = new RelayProcess(etcd, kafka, prefix).start();
        RelayProcess second = new RelayProcess(etcd, kafka, prefix).start();
        Client client = Client.builder().endpoints(etcd).build();
        KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> first.isLeader() || second.isLeader());
      RelayProcess leader = first.isLeader() ? first : second;
      RelayProcess standby = leader == first ? second : first;
      assertThat(standby.isLeader()).isFalse();
      // The first leader publishes from etcd's revision when it starts its term, stored as the
      // checkpoint; a write before that is not published (consumers LIST first).
      await().atMost(Duration.ofSeconds(30)).until(() -> exists(client, statePrefix + "revision"));

      long created = put(client, key, "{\"n\":1}");
      await().atMost(Duration.ofSeconds(15)).until(() -> read(consumer, topic, events).stream()
          .anyMatch(e -> e.revision() == created && e.type() == BusEvent.Type.ADDED));
      await().atMost(Duration.ofSeconds(15)).until(() -> leader.metric("capstan_relay_events_published_total") >= 1);
      assertThat(leader.metric("capstan_relay_lag_revisions")).isNotNaN();
      assertThat(leader.metric("capstan_relay_resyncs_total")).isZero();

      leader.kill();
      long killed = System.nanoTime();
      long updated = put(client, key, "{\"n\":2}");
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(standby::isLeader);
      System.out.printf("process failover: standby led %d ms after SIGKILL%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
      await().atMost(Duration.ofSeconds(15)).until(() -> read(consumer, topic, events).stream()
          .anyMatch(e -> e.revision() == updated && e.type() == BusEvent.Type.MODIFIED));
    }
  }

  private static long put(Client client, String key, String value) throws Exception {
    return client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
        ByteSequence.from(value, StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS).getHeader().getRevision();
  }

  private static boolean exists(Client client, String key) throws Exception {
    return client.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS).getCount() > 0;
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(p);
  }

  /** Assigns the topic's partitions once it exists, then collects what arrives. */
  private static List<BusEvent> read(KafkaConsumer<String, byte[]> consumer, String topic, List<BusEvent> events) {
    if (consumer.assignment().isEmpty()) {
      java.util.Map<String, List<org.apache.kafka.common.PartitionInfo>> topics;
      try {
        topics = consumer.listTopics(Duration.ofSeconds(5));
      } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
        return events; // a busy broker; the caller polls again
      }
      if (!topics.containsKey(topic)) return events;
      List<TopicPartition> partitions =
          topics.get(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) events.add(BusEvent.decode(r.value()));
    return events;
  }
}
