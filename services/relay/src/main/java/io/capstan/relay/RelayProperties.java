package io.capstan.relay;

import io.capstan.relay.engine.RelaySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code capstan.relay.*}: topic settings for topics the relay creates, leader election and
 * checkpointing. The defaults suit the local single broker; production sets
 * {@code replication-factor: 3} and {@code min-insync-replicas: 2} (see the README).
 */
@ConfigurationProperties("capstan.relay")
public record RelayProperties(
    @DefaultValue("1") int partitions,
    @DefaultValue("1") short replicationFactor,
    @DefaultValue("1") int minInsyncReplicas,
    @DefaultValue("604800000") long retentionMs,
    @DefaultValue("5") long leaseTtlSeconds,
    @DefaultValue("1s") Duration checkpointInterval,
    @DefaultValue("250ms") Duration campaignInterval,
    @DefaultValue("1") int lingerMs,
    @DefaultValue(RelaySettings.DEFAULT_STATE_PREFIX) String statePrefix) {}
