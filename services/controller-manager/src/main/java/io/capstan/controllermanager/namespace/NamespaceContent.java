package io.capstan.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;

/** What the namespace controller does to a terminating namespace's content, through the apiserver. */
public interface NamespaceContent {
  /**
   * Deletes every object of every served namespaced resource in {@code namespace} (objects
   * already terminating are left to finish) and returns how many objects still exist.
   */
  int deleteAll(String namespace);

  /** Removes the {@code kubernetes} finalizer through {@code namespaces/<name>/finalize}. */
  void finalizeNamespace(Namespace namespace);
}
