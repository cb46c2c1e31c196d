package io.capstan.client.informer;

import java.util.Collection;

/** Computes the index values of an object (e.g. its node name), so the store can find objects by them. */
@FunctionalInterface
public interface Indexer<T> {
  Collection<String> values(T object);
}
