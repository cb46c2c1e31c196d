package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  public <T extends HasMetadata> T patchOwnerReferences(T object) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("resourceVersion", object.getMetadata().getResourceVersion());
    meta.put("ownerReferences", object.getMetadata().getOwnerReferences() == null ? List.of()
        : object.getMetadata().getOwnerReferences());
    String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", meta));
    return client.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  @Override
  public <T extends HasMetadata> T patchStatus(T object) {
    return client.resource(object).patchStatus();
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
