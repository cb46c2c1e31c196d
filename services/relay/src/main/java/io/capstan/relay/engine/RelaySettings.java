package io.capstan.relay.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Relay} needs to know, independent of Spring.
 *
 * @param statePrefix where the relay keeps its leader key and checkpoint in etcd; never under
 *     {@code /registry/} (the relay would publish its own bookkeeping)
 * @param identity this instance's name in the leader key; unique per process
 * @param campaignInterval how often a standby retries for the leader key
 * @param kafkaProperties extra Kafka client settings for the producer and admin client
 *     ({@code security.protocol}, {@code ssl.*}, {@code sasl.*} for a production cluster)
 */
public record RelaySettings(
    List<String> etcdEndpoints,
    String bootstrapServers,
    int partitions,
    short replicationFactor,
    int minInsyncReplicas,
    long retentionMs,
    long leaseTtlSeconds,
    Duration checkpointInterval,
    Duration campaignInterval,
    int lingerMs,
    String statePrefix,
    String identity,
    Map<String, String> kafkaProperties) {

  public static final String DEFAULT_STATE_PREFIX = "/capstan/relay/";

  public RelaySettings {
    etcdEndpoints = List.copyOf(etcdEndpoints);
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (etcdEndpoints.isEmpty()) throw new IllegalArgumentException("no etcd endpoints");
    if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("no Kafka bootstrap servers");
    if (!statePrefix.startsWith("/") || !statePrefix.endsWith("/") || statePrefix.startsWith("/registry/")) {
      throw new IllegalArgumentException("state prefix must be an absolute etcd prefix outside /registry/: " + statePrefix);
    }
    if (leaseTtlSeconds < 2) throw new IllegalArgumentException("lease TTL below 2 s leaves no time to renew");
    if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1) {
      throw new IllegalArgumentException("partitions, replication factor and min.insync.replicas must be positive");
    }
  }

  /** The local single-broker defaults: one partition, replication factor 1, 7 days retention. */
  public static RelaySettings local(List<String> etcdEndpoints, String bootstrapServers, String identity) {
    return new RelaySettings(etcdEndpoints, bootstrapServers, 1, (short) 1, 1, Duration.ofDays(7).toMillis(), 5,
        Duration.ofSeconds(1), Duration.ofMillis(250), 1, DEFAULT_STATE_PREFIX, identity, Map.of());
  }

  public RelaySettings withStatePrefix(String prefix) {
    return new RelaySettings(etcdEndpoints, bootstrapServers, partitions, replicationFactor, minInsyncReplicas,
        retentionMs, leaseTtlSeconds, checkpointInterval, campaignInterval, lingerMs, prefix, identity, kafkaProperties);
  }

  public RelaySettings withLeaseTtlSeconds(long ttl) {
    return new RelaySettings(etcdEndpoints, bootstrapServers, partitions, replicationFactor, minInsyncReplicas,
        retentionMs, ttl, checkpointInterval, campaignInterval, lingerMs, statePrefix, identity, kafkaProperties);
  }

  public RelaySettings withCheckpointInterval(Duration interval) {
    return new RelaySettings(etcdEndpoints, bootstrapServers, partitions, replicationFactor, minInsyncReplicas,
        retentionMs, leaseTtlSeconds, interval, campaignInterval, lingerMs, statePrefix, identity, kafkaProperties);
  }

  public RelaySettings withIdentity(String id) {
    return new RelaySettings(etcdEndpoints, bootstrapServers, partitions, replicationFactor, minInsyncReplicas,
        retentionMs, leaseTtlSeconds, checkpointInterval, campaignInterval, lingerMs, statePrefix, id, kafkaProperties);
  }

  String leaderKey() {
    return statePrefix + "leader";
  }

  String revisionKey() {
    return statePrefix + "revision";
  }
}
