package io.capstan.client.typed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;

/**
 * Which slice of a resource an apiserver-backed informer follows: a namespace (null for all) and
 * label and field selectors in their query syntax (null for none). A node agent follows
 * {@code spec.nodeName=<node>}; the apiserver filters, so the agent never sees other nodes' pods.
 */
public record ApiQuery<T extends HasMetadata>(Class<T> type, String namespace, String labelSelector, String fieldSelector) {

  public static <T extends HasMetadata> ApiQuery<T> all(Class<T> type) {
    return new ApiQuery<>(type, null, null, null);
  }

  public ApiQuery<T> inNamespace(String ns) {
    return new ApiQuery<>(type, ns, labelSelector, fieldSelector);
  }

  public ApiQuery<T> withLabels(String selector) {
    return new ApiQuery<>(type, namespace, selector, fieldSelector);
  }

  public ApiQuery<T> withFields(String selector) {
    return new ApiQuery<>(type, namespace, labelSelector, selector);
  }

  ListOptions options(String resourceVersion, boolean watch) {
    ListOptionsBuilder b = new ListOptionsBuilder().withLabelSelector(labelSelector).withFieldSelector(fieldSelector);
    if (resourceVersion != null) b.withResourceVersion(resourceVersion);
    if (watch) b.withAllowWatchBookmarks(true);
    return b.build();
  }

  private FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> operation(KubernetesClient client) {
    MixedOperation<T, KubernetesResourceList<T>, Resource<T>> op = client.resources(type);
    return namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace);
  }

  KubernetesResourceList<T> list(KubernetesClient client) {
    return operation(client).list(options(null, false));
  }

  Watch watch(KubernetesClient client, long afterRevision, Watcher<T> watcher) {
    return operation(client).watch(options(Long.toString(afterRevision), true), watcher);
  }
}
