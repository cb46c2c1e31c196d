package io.capstan.apiserver.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps etcd's history bounded, as Kubernetes' apiserver does ({@code --etcd-compaction-interval},
 * 5 minutes): each tick compacts to the revision seen at the previous tick, so at least one
 * interval of history stays for watches and paged lists. Several apiservers may run this; a
 * compaction that another already did is harmless. Watch requests older than what is kept get
 * 410 Expired and clients relist.
 */
@Component
public class HistoryCompactor {
  private static final Logger log = LoggerFactory.getLogger(HistoryCompactor.class);

  private final Storage storage;
  private final Counter compactions;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "etcd-compactor");
    t.setDaemon(true);
    return t;
  });
  private long previous;

  public HistoryCompactor(Storage storage, MeterRegistry meters,
      @Value("${capstan.etcd.compaction-interval:5m}") Duration interval) {
    this.storage = storage;
    this.compactions = Counter.builder("apiserver_storage_compactions_total").register(meters);
    if (!interval.isZero() && !interval.isNegative()) {
      timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void tick() {
    try {
      long now = storage.currentRevision();
      if (previous > 0 && previous < now) {
        storage.compact(previous);
        compactions.increment();
        log.info("compacted etcd history up to revision {}", previous);
      }
      previous = now;
    } catch (StorageException e) {
      log.warn("etcd compaction skipped this time: {}", e.getMessage());
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
