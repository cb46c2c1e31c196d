package io.capstan.controllermanager.replicationcontroller;

import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.Copies;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ReplicationControllers seen as ReplicaSets, as Kubernetes runs them through its ReplicaSet
 * controller: the equality-based selector becomes {@code matchLabels}, and the ReplicaSet keeps the
 * controller's {@code v1}/{@code ReplicationController} identity, so owner references and events
 * name the ReplicationController. {@link #toReplicationController} maps a status write back.
 */
final class ReplicationControllers {
  static final String KIND = "ReplicationController";

  private ReplicationControllers() {}

  static ReplicaSet toReplicaSet(ReplicationController rc) {
    ReplicaSet rs = new ReplicaSet();
    rs.setApiVersion("v1");
    rs.setKind(KIND);
    rs.setMetadata(Copies.deep(rc.getMetadata()));
    ReplicaSetSpec spec = new ReplicaSetSpec();
    spec.setReplicas(rc.getSpec().getReplicas());
    spec.setMinReadySeconds(rc.getSpec().getMinReadySeconds());
    Map<String, String> selector = rc.getSpec().getSelector();
    if (selector == null && rc.getSpec().getTemplate() != null && rc.getSpec().getTemplate().getMetadata() != null) {
      selector = rc.getSpec().getTemplate().getMetadata().getLabels();
    }
    LabelSelector ls = new LabelSelector();
    ls.setMatchLabels(selector == null ? null : new LinkedHashMap<>(selector));
    spec.setSelector(ls);
    spec.setTemplate(Copies.deep(rc.getSpec().getTemplate()));
    rs.setSpec(spec);
    if (rc.getStatus() != null) {
      ReplicaSetStatus s = new ReplicaSetStatus();
      s.setReplicas(rc.getStatus().getReplicas());
      s.setFullyLabeledReplicas(rc.getStatus().getFullyLabeledReplicas());
      s.setReadyReplicas(rc.getStatus().getReadyReplicas());
      s.setAvailableReplicas(rc.getStatus().getAvailableReplicas());
      s.setObservedGeneration(rc.getStatus().getObservedGeneration());
      rs.setStatus(s);
    }
    return rs;
  }

  /** The ReplicationController {@code rs} stands for, with the ReplicaSet's status. */
  static ReplicationController toReplicationController(ReplicaSet rs, ReplicationController original) {
    ReplicationController rc = Copies.deep(original);
    rc.getMetadata().setResourceVersion(rs.getMetadata().getResourceVersion());
    ReplicationControllerStatus s = rc.getStatus() == null ? new ReplicationControllerStatus() : rc.getStatus();
    if (rs.getStatus() != null) {
      s.setReplicas(rs.getStatus().getReplicas());
      s.setFullyLabeledReplicas(rs.getStatus().getFullyLabeledReplicas());
      s.setReadyReplicas(rs.getStatus().getReadyReplicas());
      s.setAvailableReplicas(rs.getStatus().getAvailableReplicas());
      s.setObservedGeneration(rs.getStatus().getObservedGeneration());
    }
    rc.setStatus(s);
    return rc;
  }

  /** A read-only ReplicaSet view of a ReplicationController cache. */
  static Store<ReplicaSet> view(Store<ReplicationController> rcs) {
    return new Store<>() {
      @Override
      public Optional<ReplicaSet> get(String key) {
        return rcs.get(key).map(ReplicationControllers::toReplicaSet);
      }

      @Override
      public List<ReplicaSet> list() {
        return rcs.list().stream().map(ReplicationControllers::toReplicaSet).toList();
      }

      @Override
      public List<String> keys() {
        return rcs.keys();
      }

      @Override
      public List<ReplicaSet> byIndex(String indexName, String value) {
        return rcs.byIndex(indexName, value).stream().map(ReplicationControllers::toReplicaSet).toList();
      }

      @Override
      public int size() {
        return rcs.size();
      }
    };
  }
}
