package io.capstan.apiserver.health;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Actuator readiness includes etcd: an apiserver without its store cannot serve. */
@Component("etcd")
public class EtcdHealthIndicator implements HealthIndicator {
  private final Storage storage;

  public EtcdHealthIndicator(Storage storage) {
    this.storage = storage;
  }

  @Override
  public Health health() {
    try {
      return Health.up().withDetail("revision", storage.currentRevision()).build();
    } catch (StorageException e) {
      return Health.down().withDetail("error", e.getMessage()).build();
    }
  }
}
