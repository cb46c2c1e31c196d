package io.capstan.proxy.engine;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Chooses the endpoint for a new connection of one service port: round robin over the current
 * endpoints, or with sessionAffinity ClientIP the endpoint a client used last while that was less
 * than the affinity timeout ago. Replacing the endpoint list only affects new connections: open
 * ones keep their endpoint until they end (draining). Thread-safe.
 */
public final class BackendSelector {
  private record Sticky(Backend backend, long lastUsedNanos) {}

  private final LongSupplier nanoClock;
  private final Map<InetAddress, Sticky> affinity = new HashMap<>();
  private List<Backend> backends = List.of();
  private Duration affinityTimeout; // null: no affinity
  private int next;

  public BackendSelector(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public BackendSelector() {
    this(System::nanoTime);
  }

  /** @param affinityTimeout null for sessionAffinity None */
  public synchronized void update(List<Backend> endpoints, Duration affinityTimeout) {
    this.backends = List.copyOf(endpoints);
    this.affinityTimeout = affinityTimeout;
    if (affinityTimeout == null) {
      affinity.clear();
    } else {
      Set<Backend> present = Set.copyOf(endpoints);
      affinity.values().removeIf(s -> !present.contains(s.backend()));
    }
    if (next >= backends.size()) next = 0;
  }

  public synchronized List<Backend> backends() {
    return backends;
  }

  /**
   * The endpoint for a new connection from {@code client}, skipping {@code tried} (endpoints this
   * connection already failed to reach); empty when none is left.
   */
  public synchronized Optional<Backend> pick(InetAddress client, Set<Backend> tried) {
    long now = nanoClock.getAsLong();
    if (affinityTimeout != null) {
      expire(now);
      Sticky s = affinity.get(client);
      if (s != null && !tried.contains(s.backend())) {
        affinity.put(client, new Sticky(s.backend(), now));
        return Optional.of(s.backend());
      }
    }
    for (int i = 0; i < backends.size(); i++) {
      Backend b = backends.get(next);
      next = (next + 1) % backends.size();
      if (tried.contains(b)) continue;
      if (affinityTimeout != null) affinity.put(client, new Sticky(b, now));
      return Optional.of(b);
    }
    return Optional.empty();
  }

  private void expire(long now) {
    long timeout = affinityTimeout.toNanos();
    for (Iterator<Sticky> it = affinity.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastUsedNanos() > timeout) it.remove();
    }
  }
}
