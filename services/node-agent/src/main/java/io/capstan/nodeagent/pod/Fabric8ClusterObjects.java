package io.capstan.nodeagent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Optional;

/** {@link ClusterObjects} through the apiserver with fabric8. */
public final class Fabric8ClusterObjects implements ClusterObjects {
  private final KubernetesClient client;

  public Fabric8ClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public IssuedToken serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds) {
    var spec = new TokenRequestSpecBuilder().withExpirationSeconds(expirationSeconds)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).endBoundObjectRef();
    if (!audience.isEmpty()) spec.withAudiences(audience);
    TokenRequest reply = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withSpec(spec.build()).build());
    return new IssuedToken(reply.getStatus().getToken(), Instant.parse(reply.getStatus().getExpirationTimestamp()));
  }

  @Override
  public void writeStatus(Pod pod, PodStatus status) {
    Pod patch = new PodBuilder().withNewMetadata().withName(pod.getMetadata().getName())
        .withNamespace(pod.getMetadata().getNamespace()).endMetadata().withStatus(status).build();
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).patchStatus(patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e; // deleted meanwhile: nothing to report
    }
  }

  @Override
  public void deleteFinally(Pod pod) {
    var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    try {
      Pod current = resource.get();
      // A pod recreated under the same name is another pod: leave it alone.
      if (current == null || !pod.getMetadata().getUid().equals(current.getMetadata().getUid())) return;
      resource.withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
  }
}
