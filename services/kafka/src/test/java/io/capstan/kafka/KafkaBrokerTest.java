package io.capstan.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Starts the broker's main class in its own JVM and round-trips records through it. */
class KafkaBrokerTest {

  @Test
  void producesAndConsumesInOrder() throws Exception {
    Path dataDir = Files.createDirectories(Path.of("target")).resolve("kafka-test-" + ProcessHandle.current().pid());
    int[] ports = freePorts(2);
    int port = ports[0];
    int controllerPort = ports[1];
    Path log = Path.of("target", dataDir.getFileName() + ".log");
    Process broker = new ProcessBuilder("java", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"),
        "io.capstan.kafka.KafkaBroker",
        "--data-dir=" + dataDir.toAbsolutePath(),
        "--port=" + port,
        "--controller-port=" + controllerPort)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      // As long as the suites' Kafka fixture allows: a broker JVM starts slowly on a loaded two-core machine.
      awaitPort(broker, port, Duration.ofSeconds(180), log);
      String bootstrap = "127.0.0.1:" + port;
      String topic = "roundtrip";

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
      }

      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      pp.put(ProducerConfig.ACKS_CONFIG, "all");
      pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
        for (int i = 0; i < 100; i++) producer.send(new ProducerRecord<>(topic, "k", "v" + i));
        producer.flush();
      }

      Properties cp = new Properties();
      cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      cp.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
      cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
        consumer.subscribe(List.of(topic));
        // Joining the group first creates the offsets topic (50 partitions), slow on a loaded machine.
        Instant deadline = Instant.now().plusSeconds(60);
        while (values.size() < 100 && Instant.now().isBefore(deadline)) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) values.add(r.value());
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 100; i++) expected.add("v" + i);
      assertThat(values).containsExactlyElementsOf(expected);
    } finally {
      broker.destroy();
      if (!broker.waitFor(10, TimeUnit.SECONDS)) broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static void awaitPort(Process p, int port, Duration timeout, Path log) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) throw new IllegalStateException("broker exited: " + Files.readString(log));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("broker port not open within " + timeout + ": " + Files.readString(log));
  }

  /** Distinct free ports: all are held open together, so two calls cannot return the same one. */
  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] held = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        held[i] = new ServerSocket(0);
        ports[i] = held[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        if (s != null) s.close();
      }
    }
  }
}
