package io.capstan.nodeagent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/**
 * The agent's reads and writes of API objects other than its pod informer. The production one
 * is fabric8 against the apiserver; unit tests use an in-memory one.
 */
public interface ClusterObjects {

  /**
   * Empty when the config map does not exist.
   *
   * @throws RuntimeException when it cannot be read (refused, the apiserver unreachable)
   */
  Optional<ConfigMap> configMap(String namespace, String name);

  /** As {@link #configMap}. */
  Optional<Secret> secret(String namespace, String name);

  /**
   * A service-account token bound to {@code pod} (TokenRequest with {@code boundObjectRef} kind Pod,
   * name and uid), so it stops working when the pod is deleted.
   *
   * @param audience empty for the API server's own audience
   * @throws RuntimeException when the apiserver refuses (no such service account, not allowed)
   */
  IssuedToken serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds);

  /** A token and when it expires. */
  record IssuedToken(String token, java.time.Instant expires) {}

  /** Writes {@code status} through the pod's {@code /status} subresource. */
  void writeStatus(Pod pod, PodStatus status);

  /** The final delete (grace period 0, uid precondition) once the pod's containers are gone. */
  void deleteFinally(Pod pod);
}
