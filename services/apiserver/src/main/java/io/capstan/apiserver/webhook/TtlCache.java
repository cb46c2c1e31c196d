package io.capstan.apiserver.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook answers kept for a while, as kube-apiserver caches TokenReview and SubjectAccessReview
 * responses: each entry has its own time to live (allowed and denied answers differ). Bounded: past
 * {@code maxEntries}, expired entries are dropped, then everything (a cache miss costs one call).
 */
public final class TtlCache<V> {
  private record Entry<V>(V value, Instant expires) {}

  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxEntries;

  public TtlCache(Clock clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  public Optional<V> get(String key) {
    Entry<V> e = entries.get(key);
    if (e == null) return Optional.empty();
    if (!clock.instant().isBefore(e.expires())) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  public void put(String key, V value, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative()) return;
    if (entries.size() >= maxEntries) evict();
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }

  private void evict() {
    Instant now = clock.instant();
    for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expires())) it.remove();
    }
    if (entries.size() >= maxEntries) entries.clear();
  }
}
