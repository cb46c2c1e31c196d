package io.capstan.apiserver.cache;

import io.capstan.apiserver.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent changes of one resource, oldest first, bounded by count. A watch from revision N
 * can be served when every change after N is still here, i.e. when N is at or above
 * {@link #start()}: the revision of the newest change that fell out (or of the LIST the cache
 * started from). Below it the answer is 410 Expired and the client relists. Not thread-safe:
 * guarded by its {@link ResourceCache}.
 */
final class EventWindow {
  private final int capacity;
  private final ArrayDeque<Storage.WatchEvent> events = new ArrayDeque<>();
  private long start;
  private boolean evicted;

  EventWindow(int capacity) {
    this.capacity = capacity;
  }

  void reset(long revision) {
    events.clear();
    start = revision;
    evicted = false;
  }

  void add(Storage.WatchEvent e) {
    if (events.size() == capacity) {
      start = events.removeFirst().revision();
      evicted = true;
    }
    events.addLast(e);
  }

  long start() {
    return start;
  }

  /**
   * Whether {@link #start()} moved because changes fell out. If not, the start is the LIST the
   * cache began with, and an older revision predates the cache rather than being forgotten by it.
   */
  boolean evicted() {
    return evicted;
  }

  /** Changes after {@code revision} under {@code prefix}, in order. */
  List<Storage.WatchEvent> after(long revision, String prefix) {
    List<Storage.WatchEvent> out = new ArrayList<>();
    for (var it = events.descendingIterator(); it.hasNext(); ) {
      Storage.WatchEvent e = it.next();
      if (e.revision() <= revision) break;
      if (e.key().startsWith(prefix)) out.add(e);
    }
    java.util.Collections.reverse(out);
    return out;
  }

  int size() {
    return events.size();
  }
}
