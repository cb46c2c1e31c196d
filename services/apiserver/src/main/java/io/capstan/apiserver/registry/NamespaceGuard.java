package io.capstan.apiserver.registry;

import io.capstan.apiserver.storage.Storage;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Refuses writes into a namespace that does not exist (404) or is terminating (403), as Kubernetes' NamespaceLifecycle admission does. */
public class NamespaceGuard {
  private final Storage storage;

  public NamespaceGuard(Storage storage) {
    this.storage = storage;
  }

  public void checkCanCreateIn(String namespace) {
    Storage.Entry e = storage.getRecent("/registry/namespaces/" + namespace)
        .orElseThrow(() -> ApiException.notFound("", "namespaces", namespace));
    ObjectNode ns = (ObjectNode) Json.MAPPER.readTree(e.value());
    if (Json.at(ns, "metadata.deletionTimestamp") != null) {
      throw new ApiException(403, "Forbidden", "unable to create new content in namespace " + namespace
          + " because it is being terminated", "", "namespaces", namespace,
          List.of(new ApiException.Cause("NamespaceTerminating",
              "namespace " + namespace + " is being terminated", "metadata.namespace")), null);
    }
  }
}
