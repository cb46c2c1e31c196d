package io.capstan.nodeagent.objects;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Objects of one kind served from a watch per {@code namespace/name} (the kubelet's "Watch"
 * change-detection strategy): the first read of a key opens its watch and waits for its first
 * LIST; later reads answer from the cache the watch keeps current. A watch no read has used for
 * the idle period is closed by {@link #expireIdle()}, since the pods that referenced the object
 * are gone. Thread-safe.
 */
public final class ObjectWatches<T> implements AutoCloseable {

  /** Opens the watch of one object; must not block (the first LIST runs in the background). */
  @FunctionalInterface
  public interface Opener<T> {
    ObjectWatch<T> open(String namespace, String name);
  }

  private static final class Entry<T> {
    final ObjectWatch<T> watch;
    volatile Instant lastRead;

    Entry(ObjectWatch<T> watch) {
      this.watch = watch;
    }
  }

  private final Opener<T> opener;
  private final Duration listTimeout;
  private final Duration idleAfter;
  private final InstantSource clock;
  private final ConcurrentMap<String, Entry<T>> entries = new ConcurrentHashMap<>();

  public ObjectWatches(Opener<T> opener, Duration listTimeout, Duration idleAfter, InstantSource clock) {
    this.opener = opener;
    this.listTimeout = listTimeout;
    this.idleAfter = idleAfter;
    this.clock = clock;
  }

  /**
   * The object, empty when it does not exist.
   *
   * @throws ObjectUnavailable when its watch could not list it; the next read opens a new watch
   */
  public Optional<T> get(String namespace, String name) {
    String key = namespace + "/" + name;
    Instant now = clock.instant();
    Entry<T> entry = entries.compute(key, (k, existing) -> {
      Entry<T> e = existing != null ? existing : new Entry<>(opener.open(namespace, name));
      e.lastRead = now;
      return e;
    });
    try {
      entry.watch.awaitListed(listTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discard(key, entry);
      throw new ObjectUnavailable("interrupted while waiting to list " + key, e);
    } catch (ObjectUnavailable e) {
      discard(key, entry);
      throw e;
    }
    return entry.watch.current();
  }

  /** Closes the watches not read for the idle period; returns how many. */
  public int expireIdle() {
    Instant cutoff = clock.instant().minus(idleAfter);
    List<Entry<T>> idle = new ArrayList<>();
    for (String key : entries.keySet()) {
      // Atomic with get's compute: a watch being read right now is never closed under it.
      entries.computeIfPresent(key, (k, e) -> {
        if (!e.lastRead.isBefore(cutoff)) return e;
        idle.add(e);
        return null;
      });
    }
    idle.forEach(e -> e.watch.close());
    return idle.size();
  }

  /** How many objects are watched. */
  public int size() {
    return entries.size();
  }

  private void discard(String key, Entry<T> entry) {
    entries.remove(key, entry);
    entry.watch.close();
  }

  @Override
  public void close() {
    for (String key : entries.keySet()) {
      Entry<T> e = entries.remove(key);
      if (e != null) e.watch.close();
    }
  }
}
