package io.capstan.client.bus;

import java.util.Map;

/**
 * How to reach the watch bus. {@code partitions} and {@code replicationFactor} are used only when
 * a consumer has to create a topic the relay has not created yet; they should match the relay's
 * settings (1 and 1 locally; e.g. 6 and 3 in production).
 */
public record BusSettings(String bootstrapServers, String clientId, int partitions, short replicationFactor,
    Map<String, Object> extraConsumerConfig) {

  public static BusSettings local(String bootstrapServers, String clientId) {
    return new BusSettings(bootstrapServers, clientId, 1, (short) 1, Map.of());
  }
}
