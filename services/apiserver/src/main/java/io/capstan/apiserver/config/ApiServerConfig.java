package io.capstan.apiserver.config;

import io.capstan.apiserver.apply.ManagedFieldsTracker;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires storage and the generic registry; everything else is a component. */
@Configuration
public class ApiServerConfig {

  @Bean(destroyMethod = "close")
  public Storage storage(@Value("${capstan.etcd.endpoints}") String endpoints) {
    return new EtcdStorage(endpoints);
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
