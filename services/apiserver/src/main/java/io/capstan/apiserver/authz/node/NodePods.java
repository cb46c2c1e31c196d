package io.capstan.apiserver.authz.node;

import io.capstan.apiserver.informers.StorageInformers;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.storage.Storage;
import io.capstan.client.informer.IndexedStore;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The pods the Node authorizer reads: an informer over the server's own storage, indexed by node name. */
public final class NodePods implements AutoCloseable {
  private final Informer<ObjectNode> informer;
  private final Store<ObjectNode> store;

  private NodePods(Informer<ObjectNode> informer, Store<ObjectNode> store) {
    this.informer = informer;
    this.store = store;
  }

  public static NodePods start(Storage storage, ResourceCatalog catalog) throws InterruptedException {
    Informer<ObjectNode> pods = StorageInformers.forType(storage, catalog.find("", "v1", "pods").orElseThrow().type());
    pods.addIndexer(NodeAuthorizer.BY_NODE, p -> {
      String node = p.path("spec").path("nodeName").asString("");
      return node.isEmpty() ? List.of() : List.of(node);
    });
    pods.start();
    if (!pods.awaitSynced(Duration.ofSeconds(60))) throw new IllegalStateException("the pods informer did not sync in 60s");
    return new NodePods(pods, pods.store());
  }

  /** No Node mode: an empty store and no informer. */
  public static NodePods none() {
    return new NodePods(null, new IndexedStore<>(StorageInformers.ACCESS));
  }

  public Store<ObjectNode> store() {
    return store;
  }

  @Override
  public void close() {
    if (informer != null) informer.close();
  }
}
