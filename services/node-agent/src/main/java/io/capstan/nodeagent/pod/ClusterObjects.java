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

  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

  /** Writes {@code status} through the pod's {@code /status} subresource. */
  void writeStatus(Pod pod, PodStatus status);

  /** The final delete (grace period 0, uid precondition) once the pod's containers are gone. */
  void deleteFinally(Pod pod);
}
