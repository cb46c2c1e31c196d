package io.capstan.client.app;

import io.capstan.client.bus.BusSettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code capstan.kafka.*} as every component binds it: where the bus is, and client properties
 * (TLS, SASL) passed to every Kafka client unchanged.
 */
public class KafkaProperties {
  private String bootstrapServers = "127.0.0.1:9092";
  private Map<String, String> properties = new LinkedHashMap<>();

  /** Bus settings for one component replica; {@code clientId} names its consumers in the broker's logs. */
  public BusSettings bus(String clientId) {
    return new BusSettings(bootstrapServers, clientId, 1, (short) 1, new HashMap<>(properties));
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String v) {
    bootstrapServers = v;
  }

  public Map<String, String> getProperties() {
    return properties;
  }

  public void setProperties(Map<String, String> v) {
    properties = v;
  }
}
