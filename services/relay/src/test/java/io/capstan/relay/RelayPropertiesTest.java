package io.capstan.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RelayPropertiesTest {

  @Test
  void defaultsSuitTheLocalBroker() {
    RelayProperties p = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("capstan.relay", RelayProperties.class);
    assertThat(p.partitions()).isEqualTo(1);
    assertThat(p.replicationFactor()).isEqualTo((short) 1);
    assertThat(p.minInsyncReplicas()).isEqualTo(1);
    assertThat(p.leaseTtlSeconds()).isEqualTo(5);
    assertThat(p.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.statePrefix()).isEqualTo("/capstan/relay/");
  }

  @Test
  void productionSettingsAndKafkaClientPropertiesBind() {
    Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
        "capstan.relay.partitions", "6",
        "capstan.relay.replication-factor", "3",
        "capstan.relay.min-insync-replicas", "2",
        "capstan.relay.retention-ms", "86400000",
        "capstan.kafka.bootstrap-servers", "k0:9092,k1:9092",
        "capstan.kafka.properties[security.protocol]", "SSL")));
    RelayProperties p = binder.bindOrCreate("capstan.relay", RelayProperties.class);
    assertThat(p.partitions()).isEqualTo(6);
    assertThat(p.replicationFactor()).isEqualTo((short) 3);
    assertThat(p.minInsyncReplicas()).isEqualTo(2);
    assertThat(p.retentionMs()).isEqualTo(86_400_000L);
    assertThat(binder.bindOrCreate("capstan.kafka", KafkaClientProperties.class).properties())
        .containsEntry("security.protocol", "SSL");
  }
}
