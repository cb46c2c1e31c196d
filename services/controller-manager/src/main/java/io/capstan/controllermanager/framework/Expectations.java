package io.capstan.controllermanager.framework;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Creations and deletions a controller has asked for but not yet seen in its cache (client-go's
 * {@code UIDTrackingControllerExpectations}). While any are outstanding the controller must not
 * count pods again and act: the cache lags its own writes, and acting on it would create or
 * delete too many. Deletions are tracked by pod key, so a pod seen first terminating and then
 * gone counts once. Expectations expire (5 minutes in Kubernetes) in case an event is lost.
 */
public final class Expectations {
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private final long ttlNanos;

  public Expectations(Duration ttl, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  public Expectations() {
    this(Duration.ofMinutes(5), System::nanoTime);
  }

  private static final class Pending {
    int adds;
    final Set<String> deletes = new HashSet<>();
    long since;
  }

  public void expectCreations(String key, int adds) {
    Pending p = new Pending();
    p.adds = adds;
    p.since = nanoClock.getAsLong();
    pending.put(key, p);
  }

  public void expectDeletions(String key, Collection<String> podKeys) {
    Pending p = new Pending();
    p.deletes.addAll(podKeys);
    p.since = nanoClock.getAsLong();
    pending.put(key, p);
  }

  public void creationObserved(String key) {
    pending.computeIfPresent(key, (k, p) -> {
      p.adds--;
      return p;
    });
  }

  public void deletionObserved(String key, String podKey) {
    pending.computeIfPresent(key, (k, p) -> {
      p.deletes.remove(podKey);
      return p;
    });
  }

  /** True when nothing is outstanding for {@code key} (or what is has expired). */
  public boolean satisfied(String key) {
    boolean[] ok = {true};
    pending.computeIfPresent(key, (k, p) -> {
      ok[0] = (p.adds <= 0 && p.deletes.isEmpty()) || nanoClock.getAsLong() - p.since > ttlNanos;
      return p;
    });
    return ok[0];
  }

  public void forget(String key) {
    pending.remove(key);
  }
}
