package io.capstan.controllermanager.garbagecollector;

import io.capstan.client.informer.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A resource the garbage collector watches: its type, identity in ownerReferences, and cache. */
record Monitored(Class<? extends HasMetadata> type, String apiVersion, String kind, Store<? extends HasMetadata> store) {

  /** Owner references name a group/kind; the version does not matter. */
  boolean matches(String apiVersion, String kind) {
    return this.kind.equals(kind) && group(this.apiVersion).equals(group(apiVersion));
  }

  static String group(String apiVersion) {
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
