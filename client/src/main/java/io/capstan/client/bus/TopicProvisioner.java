package io.capstan.client.bus;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates bus topics a consumer needs before the relay has published to them: a resource nobody
 * wrote yet still has a topic whose end offsets can be captured before the LIST. Idempotent; the
 * relay creates topics the same way.
 */
public final class TopicProvisioner implements AutoCloseable {
  private final BusSettings settings;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private Admin admin;

  public TopicProvisioner(BusSettings settings) {
    this.settings = settings;
  }

  public void ensure(String topic) throws Exception {
    if (known.contains(topic)) return;
    NewTopic t = new NewTopic(topic, settings.partitions(), settings.replicationFactor());
    try {
      admin().createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) throw e;
    } catch (TimeoutException e) {
      throw new TimeoutException("Kafka at " + settings.bootstrapServers() + " did not create topic " + topic + " in 30 s");
    }
    known.add(topic);
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
      p.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-admin");
      p.putAll(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000));
      p.putAll(settings.clientProperties());
      admin = Admin.create(p);
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) admin.close();
    admin = null;
  }
}
