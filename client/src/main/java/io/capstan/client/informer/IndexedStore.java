package io.capstan.client.informer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A thread-safe map of objects by key with secondary indexes kept in step on every write
 * (client-go's threadSafeStore). Namespace and label indexes are always present; more are added
 * with {@link #addIndexer} before the informer starts.
 */
public final class IndexedStore<T> implements Store<T> {
  private final ObjectAccess<T> access;
  private final Map<String, Indexer<T>> indexers = new ConcurrentHashMap<>();
  private final Map<String, T> items = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> indexes = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  public IndexedStore(ObjectAccess<T> access) {
    this.access = access;
    addIndexer(BY_NAMESPACE, o -> {
      String ns = access.namespace(o);
      return ns == null ? List.of() : List.of(ns);
    });
    addIndexer(BY_LABEL, o -> {
      List<String> pairs = new ArrayList<>();
      access.labels(o).forEach((k, v) -> pairs.add(k + "=" + v));
      return pairs;
    });
  }

  public void addIndexer(String name, Indexer<T> indexer) {
    lock.writeLock().lock();
    try {
      if (indexers.putIfAbsent(name, indexer) != null) {
        throw new IllegalArgumentException("indexer " + name + " already exists");
      }
      Map<String, Set<String>> index = new HashMap<>();
      indexes.put(name, index);
      items.forEach((key, obj) -> addTo(index, indexer.values(obj), key));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stores {@code object}; returns the previous state of its key, or null. */
  T put(T object) {
    String key = access.key(object);
    lock.writeLock().lock();
    try {
      T old = items.put(key, object);
      if (old != null) unindex(key, old);
      index(key, object);
      return old;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes a key; returns what it held, or null. */
  T remove(String key) {
    lock.writeLock().lock();
    try {
      T old = items.remove(key);
      if (old != null) unindex(key, old);
      return old;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Replaces the whole content; returns the previous content by key. */
  Map<String, T> replace(Collection<T> objects) {
    lock.writeLock().lock();
    try {
      Map<String, T> previous = new HashMap<>(items);
      items.clear();
      indexes.values().forEach(Map::clear);
      for (T o : objects) {
        String key = access.key(o);
        items.put(key, o);
        index(key, o);
      }
      return previous;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<T> get(String key) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(items.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<T> list() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(items.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<String> keys() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(items.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<T> byIndex(String indexName, String value) {
    lock.readLock().lock();
    try {
      Map<String, Set<String>> index = indexes.get(indexName);
      if (index == null) throw new IllegalArgumentException("no indexer named " + indexName);
      List<T> out = new ArrayList<>();
      for (String key : index.getOrDefault(value, Set.of())) out.add(items.get(key));
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return items.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void index(String key, T object) {
    indexers.forEach((name, indexer) -> addTo(indexes.get(name), indexer.values(object), key));
  }

  private void unindex(String key, T object) {
    indexers.forEach((name, indexer) -> {
      Map<String, Set<String>> index = indexes.get(name);
      for (String v : indexer.values(object)) {
        Set<String> keys = index.get(v);
        if (keys == null) continue;
        keys.remove(key);
        if (keys.isEmpty()) index.remove(v);
      }
    });
  }

  private static void addTo(Map<String, Set<String>> index, Collection<String> values, String key) {
    for (String v : values) index.computeIfAbsent(v, x -> new HashSet<>()).add(key);
  }
}
