package io.capstan.client.typed;

import io.capstan.client.informer.ListSource;
import io.capstan.client.informer.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;

/**
 * LISTs one resource (or a slice of it) through the apiserver, a quorum read from etcd (no
 * resourceVersion), so a component's informer starts from the truth. Components never read etcd
 * themselves.
 */
public final class ApiListSource<T extends HasMetadata> implements ListSource<T> {
  private final KubernetesClient client;
  private final ApiQuery<T> query;

  public ApiListSource(KubernetesClient client, ApiQuery<T> query) {
    this.client = client;
    this.query = query;
  }

  /** @param namespace null for every namespace (or a cluster-scoped resource) */
  public ApiListSource(KubernetesClient client, Class<T> type, String namespace) {
    this(client, ApiQuery.all(type).inNamespace(namespace));
  }

  @Override
  public Snapshot<T> list() {
    KubernetesResourceList<T> list = query.list(client);
    return new Snapshot<>(new ArrayList<>(list.getItems()), Long.parseLong(list.getMetadata().getResourceVersion()));
  }
}
