package io.capstan.client.informer;

import java.util.List;
import java.util.Optional;

/** The read side of an informer's local cache. Thread-safe; returned lists are snapshots. */
public interface Store<T> {
  String BY_NAMESPACE = "namespace";
  /** Index of label pairs, queried with {@code "key=value"}. */
  String BY_LABEL = "label";

  Optional<T> get(String key);

  List<T> list();

  List<String> keys();

  /** Objects whose indexer {@code indexName} yields {@code value}. */
  List<T> byIndex(String indexName, String value);

  /** Objects of one namespace. */
  default List<T> inNamespace(String namespace) {
    return byIndex(BY_NAMESPACE, namespace);
  }

  int size();
}
