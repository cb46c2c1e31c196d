package io.capstan.apiserver.config;

import io.capstan.apiserver.apply.ManagedFieldsTracker;
import io.capstan.apiserver.cache.WatchCache;
import io.capstan.client.bus.BusSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.capstan.apiserver.apply.ServerSideApply;
import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.MetadataValidator;
import io.capstan.apiserver.registry.NamespaceGuard;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.storage.EtcdStorage;
import io.capstan.apiserver.storage.Storage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires storage and the generic registry; everything else is a component. */
@Configuration
public class ApiServerConfig {

  /**
   * etcd, decorated with the Kafka-fed watch cache when a bus is configured. Without
   * {@code capstan.kafka.bootstrap-servers} (unit tests, a bare etcd) every watch is an etcd watch.
   */
  @Bean(destroyMethod = "close")
  public Storage storage(@Value("${capstan.etcd.endpoints}") String endpoints,
      @Value("${capstan.kafka.bootstrap-servers:}") String bootstrapServers,
      @Value("${capstan.watch-cache.capacity:5000}") int capacity,
      @Value("${capstan.watch-cache.prewarm:/registry/namespaces/}") List<String> prewarm,
      MeterRegistry meters, Environment env) {
    EtcdStorage etcd = new EtcdStorage(endpoints);
    if (bootstrapServers.isBlank()) return etcd;
    Map<String, Object> kafkaProperties = Binder.get(env)
        .bind("capstan.kafka.properties", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
    BusSettings bus = BusSettings.local(bootstrapServers, "apiserver-" + ProcessHandle.current().pid())
        .withClientProperties(kafkaProperties);
    return new WatchCache(etcd, bus, capacity, meters, prewarm);
  }

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  public ServerSideApply serverSideApply() {
    return new ServerSideApply();
  }

  @Bean
  public ManagedFieldsTracker managedFieldsTracker(SchemaLookup schemas) {
    return new ManagedFieldsTracker(schemas);
  }

  @Bean
  public GenericRegistry genericRegistry(Storage storage, Clock clock, List<RegistryHook> hooks,
      MetadataValidator metadataValidator) {
    return new GenericRegistry(storage, clock, hooks, metadataValidator, new NamespaceGuard(storage));
  }
}
