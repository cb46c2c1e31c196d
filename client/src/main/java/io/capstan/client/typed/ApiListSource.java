package io.capstan.client.typed;

import io.capstan.client.informer.ListSource;
import io.capstan.client.informer.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * LISTs one resource through the apiserver (a quorum read from etcd: no resourceVersion), so a
 * component's informer starts from the truth. Components never read etcd themselves.
 */
public final class ApiListSource<T extends HasMetadata> implements ListSource<T> {
  private final KubernetesClient client;
  private final Class<T> type;
  private final String namespace;

  /** @param namespace null for every namespace (or a cluster-scoped resource) */
  public ApiListSource(KubernetesClient client, Class<T> type, String namespace) {
    this.client = client;
    this.type = type;
    this.namespace = namespace;
  }

  @Override
  public Snapshot<T> list() {
    KubernetesResourceList<T> list = namespace == null
        ? client.resources(type).inAnyNamespace().list()
        : client.resources(type).inNamespace(namespace).list();
    List<T> items = new ArrayList<>(list.getItems());
    return new Snapshot<>(items, Long.parseLong(list.getMetadata().getResourceVersion()));
  }
}
