package io.capstan.client.informer;

import java.util.Map;

/** How the informer reads the few metadata fields it needs from an object of type {@code T}. */
public interface ObjectAccess<T> {
  /** The store key: {@code namespace/name}, or the name of a cluster-scoped object. */
  String key(T object);

  /** The object's resourceVersion as a number (the etcd revision it was written at). */
  long revision(T object);

  /** Null for cluster-scoped objects. */
  String namespace(T object);

  Map<String, String> labels(T object);
}
