package io.capstan.apiserver.authn;

import io.capstan.apiserver.registry.ObjectCodec;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads of the objects a credential depends on (service accounts, bound pods and secrets,
 * bootstrap-token secrets) through {@link Storage#getRecent}: the watch cache answers from memory,
 * so authenticating a token costs no etcd round trip.
 */
public final class StoredObjects {
  private final Storage storage;
  private final ResourceCatalog catalog;

  public StoredObjects(Storage storage, ResourceCatalog catalog) {
    this.storage = storage;
    this.catalog = catalog;
  }

  public Optional<ObjectNode> get(String group, String plural, String namespace, String name) {
    ResourceType type = catalog.find(group, "v1", plural).orElseThrow().type();
    return storage.getRecent(type.key(namespace, name))
        .map(e -> ObjectCodec.decodeStored(type, e.value(), e.modRevision()));
  }
}
