package io.capstan.controllermanager.replicationcontroller;

import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Keys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * The ReplicaSet reconciler's writer for ReplicationControllers: a status write of a ReplicaSet
 * that stands for a ReplicationController goes to that controller's {@code /status}; every other
 * write (pods) passes through.
 */
final class ReplicationControllerWriter implements ApiWriter {
  private final ApiWriter delegate;
  private final Store<ReplicationController> rcs;

  ReplicationControllerWriter(ApiWriter delegate, Store<ReplicationController> rcs) {
    this.delegate = delegate;
    this.rcs = rcs;
  }

  @Override
  public <T extends HasMetadata> T create(T object) {
    return delegate.create(object);
  }

  @Override
  public <T extends HasMetadata> T update(T object) {
    return delegate.update(object);
  }

  @Override
  public <T extends HasMetadata> T patchOwnerReferences(T object) {
    return delegate.patchOwnerReferences(object);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T updateStatus(T object) {
    if (object instanceof ReplicaSet rs && ReplicationControllers.KIND.equals(rs.getKind())) {
      ReplicationController original = rcs.get(Keys.of(rs)).orElseThrow(() ->
          new IllegalStateException("replication controller " + Keys.of(rs) + " is no longer cached"));
      ReplicationController written = delegate.updateStatus(ReplicationControllers.toReplicationController(rs, original));
      return written == null ? null : (T) ReplicationControllers.toReplicaSet(written);
    }
    return delegate.updateStatus(object);
  }

  @Override
  public boolean delete(Class<? extends HasMetadata> type, String namespace, String name, String propagationPolicy) {
    return delegate.delete(type, namespace, name, propagationPolicy);
  }

  @Override
  public HasMetadata get(String apiVersion, String kind, String namespace, String name) {
    return delegate.get(apiVersion, kind, namespace, name);
  }
}
