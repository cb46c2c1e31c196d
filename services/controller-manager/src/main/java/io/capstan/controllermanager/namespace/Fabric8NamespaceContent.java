package io.capstan.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link NamespaceContent} over the fabric8 client. The resources come from discovery on every
 * pass, so custom resources are deleted too.
 */
public final class Fabric8NamespaceContent implements NamespaceContent {
  private final KubernetesClient client;

  public Fabric8NamespaceContent(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public int deleteAll(String namespace) {
    int remaining = 0;
    for (ResourceDefinitionContext r : namespacedResources()) {
      List<GenericKubernetesResource> items;
      try {
        items = client.genericKubernetesResources(r).inNamespace(namespace).list().getItems();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404 || e.getCode() == 405) continue;
        throw e;
      }
      remaining += items.size();
      for (GenericKubernetesResource o : items) {
        if (o.getMetadata().getDeletionTimestamp() != null) continue;
        client.genericKubernetesResources(r).inNamespace(namespace).withName(o.getMetadata().getName()).delete();
      }
    }
    return remaining;
  }

  private List<ResourceDefinitionContext> namespacedResources() {
    List<ResourceDefinitionContext> out = new ArrayList<>();
    List<String> groupVersions = new ArrayList<>(List.of("v1"));
    for (APIGroup g : client.getApiGroups().getGroups()) groupVersions.add(g.getPreferredVersion().getGroupVersion());
    for (String gv : groupVersions) {
      for (APIResource r : client.getApiResources(gv).getResources()) {
        if (!Boolean.TRUE.equals(r.getNamespaced()) || r.getName().contains("/")) continue;
        if (r.getVerbs() == null || !r.getVerbs().contains("delete") || !r.getVerbs().contains("list")) continue;
        int slash = gv.indexOf('/');
        out.add(new ResourceDefinitionContext.Builder().withGroup(slash < 0 ? "" : gv.substring(0, slash))
            .withVersion(slash < 0 ? gv : gv.substring(slash + 1)).withPlural(r.getName()).withKind(r.getKind())
            .withNamespaced(true).build());
      }
    }
    return out;
  }

  @Override
  public void finalizeNamespace(Namespace namespace) {
    Namespace copy = new io.fabric8.kubernetes.api.model.NamespaceBuilder(namespace).editOrNewSpec()
        .withFinalizers(namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null ? List.of()
            : namespace.getSpec().getFinalizers().stream().filter(f -> !"kubernetes".equals(f)).toList())
        .endSpec().build();
    String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/"
        + namespace.getMetadata().getName() + "/finalize";
    // raw() answers null for a 404 (the namespace is already gone) and throws on other errors.
    client.raw(url, "PUT", copy);
  }
}
