package io.capstan.e2e.bus;

import io.capstan.client.bus.RawObject;
import io.capstan.client.informer.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Object-by-object comparison of an informer cache with an etcd LIST, limited to some namespaces:
 * the same {@code namespace/name} keys, and per key the same etcd key, the same stored bytes and
 * the same revision (resourceVersion).
 */
final class CacheDiff {
  private static final int SHOWN = 5;

  private CacheDiff() {}

  /** What is compared per object; the value as text so a difference prints readably. */
  record Stored(String etcdKey, long revision, String value) {
    static Stored of(RawObject o) {
      return new Stored(o.etcdKey(), o.revision(), new String(o.value(), StandardCharsets.UTF_8));
    }
  }

  static Map<String, Stored> of(Collection<RawObject> objects, Collection<String> namespaces) {
    Map<String, Stored> m = new TreeMap<>();
    for (RawObject o : objects) {
      if (namespaces.contains(RawObject.ACCESS.namespace(o))) m.put(RawObject.ACCESS.key(o), Stored.of(o));
    }
    return m;
  }

  static Map<String, Stored> of(Store<RawObject> store, Collection<String> namespaces) {
    List<RawObject> objects = new ArrayList<>();
    for (String ns : namespaces) objects.addAll(store.inNamespace(ns));
    return of(objects, namespaces);
  }

  /** Empty when equal; else a count per kind of difference and the first few of each. */
  static List<String> differences(Map<String, Stored> etcd, Map<String, Stored> cache) {
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    for (String key : new TreeSet<>(etcd.keySet())) {
      Stored want = etcd.get(key);
      Stored got = cache.get(key);
      if (got == null) missing.add(key + "@" + want.revision());
      else if (!got.equals(want)) differ.add(key + ": etcd @" + want.revision() + " " + want.value()
          + " / cache @" + got.revision() + " " + got.value());
    }
    for (String key : cache.keySet()) {
      if (!etcd.containsKey(key)) extra.add(key + "@" + cache.get(key).revision());
    }
    List<String> out = new ArrayList<>();
    add(out, "missing from the cache", missing);
    add(out, "in the cache but not in etcd", extra);
    add(out, "different", differ);
    return out;
  }

  private static void add(List<String> out, String what, List<String> keys) {
    if (keys.isEmpty()) return;
    out.add(keys.size() + " " + what + ", e.g. " + keys.subList(0, Math.min(SHOWN, keys.size())));
  }
}
