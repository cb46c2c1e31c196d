package io.capstan.apiserver.storage;

import java.util.List;
import java.util.Optional;

/**
 * The one storage contract of the API server (Kubernetes' {@code storage.Interface}), in bytes
 * and revisions. Keys are full etcd keys; a value's {@code modRevision} is the object's
 * resourceVersion. etcd is the only production implementation; the watch cache decorates it.
 */
public interface Storage extends AutoCloseable {

  /** A stored value with its revisions. */
  record Entry(String key, byte[] value, long modRevision, long createRevision) {}

  /** One page of a list, read at {@code revision}; {@code nextKey} is null on the last page. */
  record Page(List<Entry> entries, long revision, String nextKey, long remaining) {}

  /**
   * Computes the new value from the current one. Called again with fresh state when a
   * concurrent writer won, so it must be free of side effects; it may throw to abort.
   */
  @FunctionalInterface
  interface UpdateFunction {
    byte[] apply(Entry current);
  }

  /** Checks the current value before a delete (uid/resourceVersion preconditions); may throw. */
  @FunctionalInterface
  interface DeleteCheck {
    void check(Entry current);
  }

  /** Receives watch events in revision order. Must not block for long: it runs on the I/O thread. */
  interface WatchListener {
    void onEvent(WatchEvent event);

    /** The watch ended: {@code error} is a {@link StorageException} (COMPACTED, UNAVAILABLE) or null. */
    void onClose(StorageException error);
  }

  /** A change of one key: {@code value} for ADDED/MODIFIED, {@code previous} for DELETED. */
  record WatchEvent(Type type, String key, byte[] value, byte[] previous, long revision) {
    public enum Type { ADDED, MODIFIED, DELETED }
  }

  /** A running watch; closing it stops delivery. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A list revision meaning "any recent state will do" (Kubernetes' {@code resourceVersion=0}): a
   * watch cache answers from memory, etcd reads the latest.
   */
  long ANY_REVISION = -1;

  /** Writes a new key; fails with KEY_EXISTS when it is already present. */
  Entry create(String key, byte[] value);

  Optional<Entry> get(String key);

  /**
   * A recent state of a key, possibly slightly stale (admission checks such as "does the
   * namespace exist" accept that, as Kubernetes' informer-backed admission does). A cache answers
   * hits from memory and asks etcd on a miss.
   */
  default Optional<Entry> getRecent(String key) {
    return get(key);
  }

  /**
   * Keys under {@code prefix} in key order, starting at {@code startKey} (inclusive, null for the
   * beginning), at most {@code limit} (0 = all), read at {@code revision} (0 = latest,
   * {@link #ANY_REVISION} = any recent state). A revision that was compacted fails with COMPACTED.
   */
  Page list(String prefix, String startKey, long limit, long revision);

  /**
   * Read-modify-write of one key, retried while concurrent writers win (compare on mod_revision).
   * When the function returns the current bytes unchanged nothing is written and the current entry
   * is returned. Fails with NOT_FOUND when the key is absent.
   */
  Entry guaranteedUpdate(String key, UpdateFunction tryUpdate);

  /** Deletes a key after {@code check} passed on its current value; returns the deleted entry. */
  Entry delete(String key, DeleteCheck check);

  /** The store's current revision (a list's resourceVersion when nothing was read). */
  long currentRevision();

  /**
   * Discards history up to {@code revision} (etcd compaction): older revisions can no longer be
   * read or watched from. Compacting to an already compacted revision is not an error.
   */
  void compact(long revision);

  /** Delivers every change under {@code prefix} after {@code afterRevision}. */
  Watch watch(String prefix, long afterRevision, WatchListener listener);

  @Override
  void close();
}
