package io.capstan.apiserver.cache;

import io.capstan.apiserver.storage.Storage;
import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.RawObject;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Snapshot;
import io.capstan.model.bus.BusTopics;
import io.capstan.model.bus.RegistryKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Storage} with Kubernetes' watch cache in front of etcd (the cacher decorator): writes and
 * consistent reads go to etcd; watches, {@code resourceVersion=0} lists and recent-state lookups
 * are answered from one {@link ResourceCache} per resource, each an informer on the resource's
 * Kafka topic. So a thousand watchers cost etcd nothing: the relay's one watch feeds them all.
 *
 * <p>Caches start when a resource is served (see {@link WatchCacheStarter}), or on first use; until
 * one has synced, requests fall back to etcd rather than wait long. A watch from a revision that
 * predates a cache is an etcd watch, so only history etcd itself compacted away is 410 Expired.
 */
public final class WatchCache implements Storage {
  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);
  private static final Duration SYNC_WAIT = Duration.ofSeconds(10);

  private final Storage etcd;
  private final BusSettings bus;
  private final TopicProvisioner topics;
  private final int capacity;
  private final MeterRegistry meters;
  private final Map<String, ResourceCache> caches = new ConcurrentHashMap<>();

  public WatchCache(Storage etcd, BusSettings bus, int capacity, MeterRegistry meters, List<String> prewarmPrefixes) {
    this.etcd = etcd;
    this.bus = bus;
    this.topics = new TopicProvisioner(bus);
    this.capacity = capacity;
    this.meters = meters;
    Gauge.builder("apiserver_watch_cache_watchers", caches, c -> c.values().stream().mapToInt(ResourceCache::watcherCount).sum())
        .description("Watches open on the watch cache").register(meters);
    prewarmPrefixes.forEach(this::cacheFor);
  }

  // ---- served from the cache -------------------------------------------------------------

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Optional<ResourceCache> cache = syncedCacheFor(prefix);
    Watch w = cache.isEmpty() ? null : cache.get().watch(prefix, afterRevision, listener);
    return w != null ? w : etcd.watch(prefix, afterRevision, listener);
  }

  @Override
  public Page list(String prefix, String startKey, long limit, long revision) {
    if (revision == ANY_REVISION && startKey == null) {
      Optional<ResourceCache> cache = syncedCacheFor(prefix);
      if (cache.isPresent()) return cache.get().list(prefix);
    }
    return etcd.list(prefix, startKey, limit, revision);
  }

  @Override
  public Optional<Entry> getRecent(String key) {
    Optional<ResourceCache> cache = syncedCacheFor(key);
    if (cache.isEmpty()) return etcd.get(key);
    RawObject o = cache.get().get(key);
    // Not in the cache may mean "created a moment ago": only a hit is trusted.
    return o != null ? Optional.of(new Entry(key, o.value(), o.revision(), 0)) : etcd.get(key);
  }

  // ---- straight to etcd ------------------------------------------------------------------

  @Override
  public Entry create(String key, byte[] value) {
    return etcd.create(key, value);
  }

  @Override
  public Optional<Entry> get(String key) {
    return etcd.get(key);
  }

  @Override
  public Entry guaranteedUpdate(String key, UpdateFunction tryUpdate) {
    return etcd.guaranteedUpdate(key, tryUpdate);
  }

  @Override
  public Entry delete(String key, DeleteCheck check) {
    return etcd.delete(key, check);
  }

  @Override
  public long currentRevision() {
    return etcd.currentRevision();
  }

  @Override
  public void compact(long revision) {
    etcd.compact(revision);
  }

  // ---- caches ----------------------------------------------------------------------------

  /** The synced cache serving keys under {@code prefix}, waiting briefly for a new one to sync. */
  private Optional<ResourceCache> syncedCacheFor(String prefix) {
    ResourceCache cache = cacheFor(prefix);
    if (cache == null) return Optional.empty();
    if (cache.synced()) return Optional.of(cache);
    try {
      if (cache.awaitSynced(SYNC_WAIT)) return Optional.of(cache);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.warn("watch cache for {} has not synced in {} s; serving from etcd", cache.storagePrefix(), SYNC_WAIT.toSeconds());
    return Optional.empty();
  }

  private ResourceCache cacheFor(String prefixOrKey) {
    Optional<RegistryKey> parsed = RegistryKey.parse(prefixOrKey.endsWith("/") ? prefixOrKey + "x" : prefixOrKey);
    if (parsed.isEmpty()) return null;
    String storagePrefix = parsed.get().storagePrefix();
    return caches.computeIfAbsent(storagePrefix, this::startCache);
  }

  private ResourceCache startCache(String storagePrefix) {
    String topic = BusTopics.forStoragePrefix(storagePrefix);
    String listPrefix = storagePrefix + "/";
    Informer.Builder<RawObject> informer = Informer.builder(topic, RawObject.ACCESS)
        .meters(meters)
        .lister(() -> {
          Page page = etcd.list(listPrefix, null, 0, 0);
          List<RawObject> items = new ArrayList<>(page.entries().size());
          for (Entry e : page.entries()) items.add(new RawObject(e.key(), e.value(), e.modRevision()));
          return new Snapshot<>(items, page.revision());
        })
        .source(new KafkaEventSource<>(bus, topics, topic, RawObject.DECODER));
    ResourceCache cache = new ResourceCache(storagePrefix, informer, capacity);
    Gauge.builder("apiserver_watch_cache_resource_version", cache, ResourceCache::revision)
        .tag("resource", storagePrefix).register(meters);
    cache.start();
    log.info("watch cache for {} started on topic {}", storagePrefix, topic);
    return cache;
  }

  /** Starts the cache of a resource now rather than on first use; idempotent. */
  public void start(String storagePrefix) {
    cacheFor(storagePrefix + "/");
  }

  /** For tests and diagnostics: the window start of a resource's cache, or -1 when it has none. */
  public long windowStart(String storagePrefix) {
    ResourceCache c = caches.get(storagePrefix);
    return c == null ? -1 : c.windowStart();
  }

  @Override
  public void close() {
    caches.values().forEach(ResourceCache::close);
    topics.close();
    etcd.close();
  }
}
