package io.capstan.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A single Kafka node in KRaft mode (broker and controller in one JVM) for the local cluster and
 * tests: writes {@code server.properties} under the data dir, formats the storage once with a
 * cluster id stored next to it, then runs {@code kafka.Kafka} in this JVM.
 *
 * <p>Options (as {@code --name=value} arguments or {@code -Dcapstan.kafka.name=value} system
 * properties): {@code data-dir} (default {@code ./kafka-data}), {@code port} (default 9092),
 * {@code controller-port} (default 9093), {@code host} (default 127.0.0.1). Any other
 * {@code --kafka.<key>=<value>} argument is passed through into {@code server.properties}.
 */
public final class KafkaBroker {

  private KafkaBroker() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        System.err.println("usage: KafkaBroker [--data-dir=DIR] [--port=9092] [--controller-port=9093]"
            + " [--host=127.0.0.1] [--kafka.<server property>=<value>]...");
        System.exit(2);
      }
      String key = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      if (key.startsWith("kafka.")) overrides.put(key.substring("kafka.".length()), value);
      else options.put(key, value);
    }
    Path dataDir = Path.of(option(options, "data-dir", "kafka-data")).toAbsolutePath();
    String host = option(options, "host", "127.0.0.1");
    int port = Integer.parseInt(option(options, "port", "9092"));
    int controllerPort = Integer.parseInt(option(options, "controller-port", "9093"));

    Path config = prepare(dataDir, host, port, controllerPort, overrides);
    kafka.Kafka.main(new String[] {config.toString()});
  }

  private static String option(Map<String, String> options, String name, String fallback) {
    String value = options.get(name);
    if (value == null) value = System.getProperty("capstan.kafka." + name);
    return value == null ? fallback : value;
  }

  /** Writes server.properties and formats the log dir if it is not formatted yet; returns the config path. */
  static Path prepare(Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides)
      throws IOException {
    Path logDir = dataDir.resolve("logs");
    Files.createDirectories(logDir);
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());
    p.setProperty("metadata.log.dir", logDir.toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    overrides.forEach(p::setProperty);
    Path config = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      p.store(out, "written by io.capstan.kafka.KafkaBroker on every start");
    }

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      Path idFile = dataDir.resolve("cluster.id");
      String clusterId;
      if (Files.exists(idFile)) {
        clusterId = Files.readString(idFile).trim();
      } else {
        clusterId = Uuid.randomUuid().toString();
        Files.writeString(idFile, clusterId + "\n");
      }
      int rc = kafka.tools.StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
          new PrintStream(System.out, true, StandardCharsets.UTF_8));
      if (rc != 0) throw new IOException("kafka storage format failed with exit code " + rc);
    }
    return config;
  }
}
