package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;

/** {@link ApiWriter} over the fabric8 client. */
public final class Fabric8ApiWriter implements ApiWriter {
  private final KubernetesClient client;

  public Fabric8ApiWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <T extends HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  @Override
  public <T extends HasMetadata> T update(T object) {
    return client.resource(object).update();
  }

  @Override
  public <T extends HasMetadata> T updateStatus(T object) {
    return client.resource(object).updateStatus();
  }

  @Override
  public boolean delete(Class<? extends HasMetadata> type, String namespace, String name, String propagationPolicy) {
    Resource<? extends HasMetadata> r = namespace == null
        ? client.resources(type).withName(name)
        : client.resources(type).inNamespace(namespace).withName(name);
    List<?> details = propagationPolicy == null ? r.delete()
        : r.withPropagationPolicy(DeletionPropagation.valueOf(propagationPolicy.toUpperCase())).delete();
    return !details.isEmpty();
  }

  @Override
  public boolean deleteNow(Class<? extends HasMetadata> type, String namespace, String name) {
    Resource<? extends HasMetadata> r = namespace == null
        ? client.resources(type).withName(name)
        : client.resources(type).inNamespace(namespace).withName(name);
    return !r.withGracePeriod(0).delete().isEmpty();
  }

  @Override
  public HasMetadata get(String apiVersion, String kind, String namespace, String name) {
    try {
      var generic = client.genericKubernetesResources(apiVersion, kind);
      return namespace == null ? generic.withName(name).get() : generic.inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return null;
      throw e;
    }
  }
}
