package io.capstan.relay.engine;

import io.capstan.model.bus.BusTopics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a bus topic the first time the relay publishes to it, with the configured partitions,
 * replication factor, {@code min.insync.replicas} and {@code retention.ms}. Idempotent: consumers
 * create missing topics the same way, so "already exists" is success.
 */
final class TopicProvisioner implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 15;

  private final Admin admin;
  private final RelaySettings settings;
  private final Set<String> known = new HashSet<>();

  TopicProvisioner(RelaySettings settings) {
    this.settings = settings;
    Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "capstan-relay-admin-" + settings.identity());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    this.admin = Admin.create(config);
  }

  /** Makes sure {@code topic} exists; cheap after the first call per topic. */
  void ensure(String topic) throws InterruptedException, ExecutionException, TimeoutException {
    if (known.contains(topic)) return;
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()));
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retentionMs()));
    NewTopic spec = new NewTopic(topic, settings.partitions(), settings.replicationFactor()).configs(configs);
    try {
      admin.createTopics(List.of(spec)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) throw e;
    }
    known.add(topic);
  }

  /** Every existing bus topic for stored objects ({@code capstan.registry.*}). */
  Set<String> registryTopics() throws InterruptedException, ExecutionException, TimeoutException {
    String prefix = BusTopics.PREFIX + "registry.";
    Set<String> topics = new HashSet<>();
    for (String name : admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      if (name.startsWith(prefix)) topics.add(name);
    }
    return topics;
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
