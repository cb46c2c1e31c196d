package io.capstan.apiserver.service;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.registry.ObjectCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' cluster IP and node port repair controllers: releases allocations no Service holds
 * any more (the service changed type or port, an update that allocated was retried or failed, an
 * apiserver died between allocating and storing). An allocation is released only when it already
 * existed at the previous pass, so a create in flight (allocated, not yet stored) is never touched.
 * Several apiservers may run this; deletes compare the allocation's revision.
 */
@Component
public class ServiceAllocationRepair {
  private static final Logger log = LoggerFactory.getLogger(ServiceAllocationRepair.class);

  private final Storage storage;
  private final ResourceType services;
  private final Counter released;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "service-allocation-repair");
    t.setDaemon(true);
    return t;
  });
  private long previous;

  public ServiceAllocationRepair(Storage storage, ResourceCatalog catalog, MeterRegistry meters,
      @Value("${capstan.service.repair-interval:3m}") Duration interval) {
    this.storage = storage;
    this.services = catalog.find("", "v1", "services").orElseThrow().type();
    this.released = Counter.builder("capstan_service_allocations_repaired_total")
        .description("Cluster IPs and node ports released because no Service held them").register(meters);
    if (!interval.isZero() && !interval.isNegative()) {
      timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void tick() {
    try {
      long now = storage.currentRevision();
      if (previous > 0) {
        repair(ServiceAllocator.IP_PREFIX, previous);
        repair(ServiceAllocator.PORT_PREFIX, previous);
      }
      previous = now;
    } catch (RuntimeException e) {
      log.warn("service allocation repair skipped this time: {}", e.getMessage());
    }
  }

  /** Releases allocations under {@code prefix} created at or before {@code before} that their owner does not hold. */
  void repair(String prefix, long before) {
    for (Storage.Entry e : storage.list(prefix, null, 0, 0).entries()) {
      if (e.createRevision() > before) continue;
      String value = e.key().substring(prefix.length());
      String owner = new String(e.value(), StandardCharsets.UTF_8);
      int slash = owner.indexOf('/');
      if (slash < 0 || held(owner.substring(0, slash), owner.substring(slash + 1), prefix, value)) continue;
      try {
        storage.delete(e.key(), current -> {
          if (current.modRevision() != e.modRevision()) throw new IllegalStateException("reallocated meanwhile");
        });
        released.increment();
        log.info("released {} {}: service {} does not hold it", prefix.equals(ServiceAllocator.IP_PREFIX)
            ? "cluster IP" : "node port", value, owner);
      } catch (RuntimeException ex) {
        log.debug("kept {}: {}", e.key(), ex.getMessage());
      }
    }
  }

  private boolean held(String namespace, String name, String prefix, String value) {
    Optional<Storage.Entry> svc = storage.get(services.key(namespace, name));
    if (svc.isEmpty()) return false;
    ObjectNode obj = ObjectCodec.decodeStored(services, svc.get().value(), svc.get().modRevision());
    JsonNode spec = obj.path("spec");
    if (prefix.equals(ServiceAllocator.IP_PREFIX)) {
      for (JsonNode ip : spec.path("clusterIPs")) if (ip.asString("").equals(value)) return true;
      return spec.path("clusterIP").asString("").equals(value);
    }
    for (JsonNode p : spec.path("ports")) if (String.valueOf(p.path("nodePort").asInt(0)).equals(value)) return true;
    return false;
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
