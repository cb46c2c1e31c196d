package io.capstan.client.bus;

import java.util.Map;

/**
 * How to reach the watch bus. {@code partitions} and {@code replicationFactor} are used only when
 * a consumer has to create a topic the relay has not created yet; they should match the relay's
 * settings (1 and 1 locally; e.g. 6 and 3 in production). {@code clientProperties} go unchanged
 * to every Kafka client (consumers and the admin client): TLS, SASL and the like
 * ({@code capstan.kafka.properties.*} in configuration, as for the relay).
 */
public record BusSettings(String bootstrapServers, String clientId, int partitions, short replicationFactor,
    Map<String, Object> clientProperties) {

  public static BusSettings local(String bootstrapServers, String clientId) {
    return new BusSettings(bootstrapServers, clientId, 1, (short) 1, Map.of());
  }

  public BusSettings withClientProperties(Map<String, Object> properties) {
    return new BusSettings(bootstrapServers, clientId, partitions, replicationFactor, Map.copyOf(properties));
  }
}
