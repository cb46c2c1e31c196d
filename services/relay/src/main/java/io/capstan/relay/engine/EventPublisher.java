package io.capstan.relay.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer side: idempotent, {@code acks=all}, a 1 ms linger by default (a write
 * should reach consumers within milliseconds). Records with the same key go to the same partition
 * (the default partitioner hashes the key), which keeps per-object order. After a failed send
 * the producer is discarded: an idempotent producer's later sends to that partition fail too.
 */
final class EventPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  EventPublisher(RelaySettings settings) {
    Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "capstan-relay-" + settings.identity());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
    // Fail within seconds rather than the defaults' minutes, so the relay notices and retries.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(config);
  }

  /**
   * Hands a record to the producer; the future completes when Kafka acknowledged it.
   *
   * @param partition null to choose by key
   */
  CompletableFuture<Void> send(String topic, Integer partition, String key, byte[] value) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, error) -> {
      if (error == null) ack.complete(null);
      else ack.completeExceptionally(error);
    });
    return ack;
  }

  List<Integer> partitions(String topic) {
    return producer.partitionsFor(topic).stream().map(PartitionInfo::partition).toList();
  }

  /** Sends whatever lingers now and blocks until every send so far completed. */
  void flush() {
    producer.flush();
  }

  /** Closes without waiting for unsent records (they are resent from the checkpoint). */
  @Override
  public void close() {
    producer.close(Duration.ZERO);
  }
}
