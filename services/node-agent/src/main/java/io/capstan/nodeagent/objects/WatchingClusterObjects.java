package io.capstan.nodeagent.objects;

import io.capstan.nodeagent.pod.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link ClusterObjects} whose config maps and secrets come from per-object watches instead of a
 * GET on every pod sync (every pod's {@code kube-root-ca.crt} alone was one GET per pod every
 * sync). Tokens, status writes and deletes go to the delegate. Changes reach pods at their next
 * periodic sync, as with the kubelet's watch-based manager.
 */
public final class WatchingClusterObjects implements ClusterObjects, AutoCloseable {
  /** How long a first read waits for its object's LIST before the pod sync fails and retries. */
  static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
  /** Pods re-read their objects every sync, so a watch this idle has no pod left. */
  static final Duration IDLE_AFTER = Duration.ofMinutes(2);

  private final ClusterObjects direct;
  private final ObjectWatches<ConfigMap> configMaps;
  private final ObjectWatches<Secret> secrets;

  public WatchingClusterObjects(ClusterObjects direct, ObjectWatches<ConfigMap> configMaps,
      ObjectWatches<Secret> secrets) {
    this.direct = direct;
    this.configMaps = configMaps;
    this.secrets = secrets;
  }

  /** Watches through {@code client}; everything else through {@code direct}. */
  public static WatchingClusterObjects through(KubernetesClient client, ClusterObjects direct, Clock clock) {
    return new WatchingClusterObjects(direct,
        new ObjectWatches<>((ns, name) -> InformerObjectWatch.start(client, ConfigMap.class, ns, name), LIST_TIMEOUT,
            IDLE_AFTER, clock),
        new ObjectWatches<>((ns, name) -> InformerObjectWatch.start(client, Secret.class, ns, name), LIST_TIMEOUT,
            IDLE_AFTER, clock));
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return configMaps.get(namespace, name);
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return secrets.get(namespace, name);
  }

  @Override
  public IssuedToken serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds) {
    return direct.serviceAccountToken(pod, serviceAccount, audience, expirationSeconds);
  }

  @Override
  public void writeStatus(Pod pod, PodStatus status) {
    direct.writeStatus(pod, status);
  }

  @Override
  public void deleteFinally(Pod pod) {
    direct.deleteFinally(pod);
  }

  /** Closes the watches of objects no pod sync has read for a while. */
  public void expireIdle() {
    configMaps.expireIdle();
    secrets.expireIdle();
  }

  @Override
  public void close() {
    configMaps.close();
    secrets.close();
  }
}
