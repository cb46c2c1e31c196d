package io.capstan.client.informer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletion revisions of recently deleted keys, so a replayed older ADDED/MODIFIED for a key the
 * store no longer holds is recognised as stale. The relay replays only a short window after a
 * failover, so entries older than {@code keep} are forgotten. Not thread-safe: used under the
 * informer's delivery lock.
 */
final class Tombstones {
  private record Mark(long revision, long atNanos) {}

  private final long keepNanos;
  private final LinkedHashMap<String, Mark> marks = new LinkedHashMap<>();

  Tombstones(java.time.Duration keep) {
    this.keepNanos = keep.toNanos();
  }

  void add(String key, long revision) {
    long now = System.nanoTime();
    marks.remove(key);
    marks.put(key, new Mark(revision, now));
    Iterator<Map.Entry<String, Mark>> it = marks.entrySet().iterator();
    while (it.hasNext()) {
      Mark m = it.next().getValue();
      if (now - m.atNanos() <= keepNanos) break;
      it.remove();
    }
  }

  /** The deletion revision of {@code key}, or -1 when none is remembered. */
  long revision(String key) {
    Mark m = marks.get(key);
    return m == null ? -1 : m.revision();
  }

  void forget(String key) {
    marks.remove(key);
  }

  void clear() {
    marks.clear();
  }

  int size() {
    return marks.size();
  }
}
