package io.capstan.apiserver.cache;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.client.bus.RawObject;
import io.capstan.client.informer.ChangeListener;
import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.Informer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The watch cache of one resource (Kubernetes' cacher): an informer fed by the resource's bus
 * topic keeps every object in key order plus a window of recent changes, and fans changes out to
 * the watches open on it. Watches are registered under the same lock that applies changes, so a
 * watch gets the window's replay and then the live changes with nothing lost or doubled between.
 */
final class ResourceCache implements ChangeListener<RawObject>, AutoCloseable {
  private final String storagePrefix;
  private final Informer<RawObject> informer;
  private final ConcurrentSkipListMap<String, RawObject> objects = new ConcurrentSkipListMap<>();
  private final EventWindow window;
  private final List<Watcher> watchers = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long revision;

  ResourceCache(String storagePrefix, Informer.Builder<RawObject> informer, int capacity) {
    this.storagePrefix = storagePrefix;
    this.window = new EventWindow(capacity);
    this.informer = informer.build();
    this.informer.addChangeListener(this);
  }

  void start() {
    informer.start();
  }

  boolean awaitSynced(Duration timeout) throws InterruptedException {
    return informer.awaitSynced(timeout);
  }

  boolean synced() {
    return informer.hasSynced();
  }

  String storagePrefix() {
    return storagePrefix;
  }

  /** Every cached object under {@code prefix} in key order, with the revision the cache reflects. */
  Storage.Page list(String prefix) {
    lock.lock();
    try {
      List<Storage.Entry> entries = new ArrayList<>();
      for (RawObject o : objects.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values()) {
        entries.add(new Storage.Entry(o.etcdKey(), o.value(), o.revision(), 0));
      }
      return new Storage.Page(entries, revision, null, 0);
    } finally {
      lock.unlock();
    }
  }

  RawObject get(String key) {
    return objects.get(key);
  }

  /**
   * Starts delivering changes under {@code prefix} after {@code afterRevision}. Below the window:
   * returns null when the revision predates the cache (etcd may still have that history: a client
   * listed just before this cache started), else ends the watch at once with COMPACTED.
   */
  Storage.Watch watch(String prefix, long afterRevision, Storage.WatchListener listener) {
    lock.lock();
    try {
      if (afterRevision < window.start() && !window.evicted()) return null;
      if (afterRevision < window.start()) {
        listener.onClose(new StorageException(StorageException.Code.COMPACTED, prefix,
            "too old resource version: " + afterRevision + " (" + window.start() + ")"));
        return () -> {};
      }
      for (Storage.WatchEvent e : window.after(afterRevision, prefix)) listener.onEvent(e);
      Watcher w = new Watcher(prefix, Math.max(afterRevision, revision), listener);
      watchers.add(w);
      return () -> remove(w);
    } finally {
      lock.unlock();
    }
  }

  int watcherCount() {
    lock.lock();
    try {
      return watchers.size();
    } finally {
      lock.unlock();
    }
  }

  long windowStart() {
    lock.lock();
    try {
      return window.start();
    } finally {
      lock.unlock();
    }
  }

  long revision() {
    return revision;
  }

  private void remove(Watcher w) {
    lock.lock();
    try {
      watchers.remove(w);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onReplace(Collection<RawObject> items, long listRevision) {
    lock.lock();
    try {
      objects.clear();
      for (RawObject o : items) objects.put(o.etcdKey(), o);
      window.reset(listRevision);
      revision = listRevision;
      // History before the LIST is unknown: open watches end and their clients re-watch from
      // their last revision, which now answers 410 if it is too old, so they relist.
      for (Watcher w : watchers) w.listener.onClose(null);
      watchers.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onChange(ChangeType type, RawObject old, RawObject now, long changeRevision) {
    Storage.WatchEvent e = switch (type) {
      case ADDED -> new Storage.WatchEvent(Storage.WatchEvent.Type.ADDED, now.etcdKey(), now.value(), null, changeRevision);
      case MODIFIED -> new Storage.WatchEvent(Storage.WatchEvent.Type.MODIFIED, now.etcdKey(), now.value(),
          old == null ? null : old.value(), changeRevision);
      case DELETED -> new Storage.WatchEvent(Storage.WatchEvent.Type.DELETED, now.etcdKey(), null, now.value(), changeRevision);
    };
    lock.lock();
    try {
      if (type == ChangeType.DELETED) objects.remove(now.etcdKey());
      else objects.put(now.etcdKey(), now);
      window.add(e);
      revision = Math.max(revision, changeRevision);
      for (Watcher w : watchers) w.offer(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    informer.close();
    lock.lock();
    try {
      for (Watcher w : watchers) w.listener.onClose(null);
      watchers.clear();
    } finally {
      lock.unlock();
    }
  }

  Map<String, RawObject> objectsForTest() {
    return objects;
  }

  /** One open watch: its key prefix and the revision it has seen up to. */
  private static final class Watcher {
    final String prefix;
    final Storage.WatchListener listener;
    long seen;

    Watcher(String prefix, long seen, Storage.WatchListener listener) {
      this.prefix = prefix;
      this.seen = seen;
      this.listener = listener;
    }

    void offer(Storage.WatchEvent e) {
      if (e.revision() <= seen || !e.key().startsWith(prefix)) return;
      seen = e.revision();
      listener.onEvent(e);
    }
  }
}
