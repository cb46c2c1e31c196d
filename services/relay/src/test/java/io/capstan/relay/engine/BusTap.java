package io.capstan.relay.engine;

import io.capstan.model.bus.BusEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one bus topic from the beginning, all partitions, once the topic exists. */
final class BusTap implements AutoCloseable {
  record Received(String key, int partition, long offset, BusEvent event) {}

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<Received> received = new ArrayList<>();
  private boolean assigned;

  BusTap(String bootstrapServers, String topic) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(p);
  }

  /** Polls briefly and returns everything read so far, in partition then offset order of arrival. */
  synchronized List<Received> read() {
    if (!assigned) {
      Map<String, List<PartitionInfo>> topics;
      try {
        topics = consumer.listTopics(Duration.ofSeconds(5));
      } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
        return List.copyOf(received); // a busy broker; the caller polls again
      }
      if (!topics.containsKey(topic)) return List.copyOf(received);
      List<TopicPartition> partitions =
          topics.get(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      assigned = true;
    }
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      received.add(new Received(r.key(), r.partition(), r.offset(), BusEvent.decode(r.value())));
    }
    return List.copyOf(received);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
