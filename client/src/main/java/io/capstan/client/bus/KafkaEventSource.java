package io.capstan.client.bus;

import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.EventSink;
import io.capstan.client.informer.EventSource;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one resource's topic of the watch bus. {@link #position()} captures the end offset of
 * every partition (before the informer's LIST); the subscription reads from exactly there and
 * drops changes the LIST already holds. There is no consumer group and nothing is committed:
 * an informer always starts from a LIST, so its position lives only in memory.
 * {@code auto.offset.reset=none} turns "retention deleted what I needed" into an error, which the
 * informer answers with a relist.
 */
public final class KafkaEventSource<T> implements EventSource<T> {
  private static final Duration POLL = Duration.ofMillis(500);

  private final BusSettings settings;
  private final TopicProvisioner topics;
  private final String topic;
  private final BusDecoder<T> decoder;

  public KafkaEventSource(BusSettings settings, TopicProvisioner topics, String topic, BusDecoder<T> decoder) {
    this.settings = settings;
    this.topics = topics;
    this.topic = topic;
    this.decoder = decoder;
  }

  public String topic() {
    return topic;
  }

  @Override
  public Cursor<T> position() throws Exception {
    topics.ensure(topic);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      if (partitions.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions yet");
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      return new KafkaCursor(consumer, ends);
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
  }

  private Properties consumerConfig() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-" + topic);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Latency over batching: the broker answers a fetch as soon as one record is there.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    p.putAll(settings.clientProperties());
    return p;
  }

  private final class KafkaCursor implements Cursor<T> {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> start;

    KafkaCursor(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> start) {
      this.consumer = consumer;
      this.start = start;
    }

    @Override
    public Subscription open(long listRevision, EventSink<T> sink) {
      start.forEach(consumer::seek);
      Pump pump = new Pump(consumer, listRevision, sink);
      Thread t = new Thread(pump, "bus-" + topic);
      t.setDaemon(true);
      pump.thread = t;
      t.start();
      return pump;
    }

    @Override
    public void abandon() {
      consumer.close(Duration.ZERO);
    }
  }

  /** The poll loop of one subscription; owns the consumer from open to close. */
  private final class Pump implements Runnable, Subscription {
    private final KafkaConsumer<String, byte[]> consumer;
    private final long listRevision;
    private final EventSink<T> sink;
    private volatile boolean closed;
    private Thread thread;

    Pump(KafkaConsumer<String, byte[]> consumer, long listRevision, EventSink<T> sink) {
      this.consumer = consumer;
      this.listRevision = listRevision;
      this.sink = sink;
    }

    @Override
    public void run() {
      try {
        while (!closed) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) deliver(r);
        }
      } catch (WakeupException e) {
        if (!closed) sink.onError(e);
      } catch (RuntimeException e) {
        sink.onError(e);
      } finally {
        consumer.close(Duration.ZERO);
      }
    }

    private void deliver(ConsumerRecord<String, byte[]> r) {
      BusEvent e = BusEvent.decode(r.value());
      if (e.type() == BusEvent.Type.RESYNC) {
        // A marker at or below our LIST is already covered by it.
        if (e.revision() > listRevision) sink.onResyncRequired("the relay lost its position at revision " + e.revision());
        return;
      }
      if (e.revision() <= listRevision) return;
      T obj = decoder.decode(e.key(), e.object(), e.revision());
      sink.onChange(ChangeType.valueOf(e.type().name()), e.revision(), obj, r.timestamp());
    }

    @Override
    public void close() {
      closed = true;
      consumer.wakeup();
      if (thread != Thread.currentThread()) {
        try {
          thread.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
