package io.capstan.relay;

import io.capstan.relay.engine.Relay;
import io.capstan.relay.engine.RelaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the relay engine from {@code capstan.etcd.*}, {@code capstan.kafka.*} and {@code capstan.relay.*}. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

  @Bean
  RelaySettings relaySettings(
      @Value("${capstan.etcd.endpoints}") String etcdEndpoints,
      @Value("${capstan.kafka.bootstrap-servers}") String bootstrapServers,
      RelayProperties p,
      KafkaClientProperties kafka) {
    return new RelaySettings(
        Arrays.stream(etcdEndpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        bootstrapServers, p.partitions(), p.replicationFactor(), p.minInsyncReplicas(), p.retentionMs(),
        p.leaseTtlSeconds(), p.checkpointInterval(), p.campaignInterval(), p.lingerMs(), p.statePrefix(),
        identity(), kafka.properties());
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  Relay relay(RelaySettings settings, MeterRegistry registry) {
    return new Relay(settings, registry);
  }

  /** host/pid plus a random suffix: unique even if a PID is reused on the same host. */
  private static String identity() {
    return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
