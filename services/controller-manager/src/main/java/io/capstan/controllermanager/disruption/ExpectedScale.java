package io.capstan.controllermanager.disruption;

import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many pods the controllers of a budget's pods want (Kubernetes' {@code getExpectedScale}):
 * the replicas of each distinct controller, where a ReplicaSet owned by a Deployment counts as the
 * Deployment. Pods without a controller are reported, not counted; a pod whose controller cannot be
 * found makes the whole count fail, so the budget falls back to allowing no disruption.
 */
final class ExpectedScale {
  /** The summed replicas and the names of the pods no controller owns. */
  record Count(int expected, List<String> unmanaged) {}

  /** A pod's controller was not found: its scale is unknown. */
  static final class UnknownController extends Exception {
    UnknownController(String podName) {
      super("found no controllers for pod \"" + podName + "\"");
    }
  }

  private final Store<ReplicaSet> replicaSets;
  private final Store<Deployment> deployments;
  private final Store<StatefulSet> statefulSets;
  private final Store<ReplicationController> replicationControllers;

  ExpectedScale(Store<ReplicaSet> replicaSets, Store<Deployment> deployments, Store<StatefulSet> statefulSets,
      Store<ReplicationController> replicationControllers) {
    this.replicaSets = replicaSets;
    this.deployments = deployments;
    this.statefulSets = statefulSets;
    this.replicationControllers = replicationControllers;
  }

  Count of(List<Pod> pods) throws UnknownController {
    Map<String, Integer> byControllerUid = new HashMap<>();
    List<String> unmanaged = new ArrayList<>();
    for (Pod p : pods) {
      Optional<OwnerReference> ref = OwnerRefs.controllerOf(p);
      if (ref.isEmpty()) {
        unmanaged.add(p.getMetadata().getName());
        continue;
      }
      if (byControllerUid.containsKey(ref.get().getUid())) continue;
      Scaled scaled = scaleOf(p.getMetadata().getNamespace(), ref.get())
          .orElseThrow(() -> new UnknownController(p.getMetadata().getName()));
      byControllerUid.put(scaled.uid(), scaled.replicas());
    }
    return new Count(byControllerUid.values().stream().mapToInt(Integer::intValue).sum(), unmanaged);
  }

  private record Scaled(String uid, int replicas) {}

  private Optional<Scaled> scaleOf(String namespace, OwnerReference ref) {
    String key = Keys.of(namespace, ref.getName());
    return switch (ref.getKind()) {
      case "ReplicaSet" -> same(replicaSets.get(key), ref).flatMap(rs -> {
        Optional<OwnerReference> owner = OwnerRefs.controllerOf(rs);
        if (owner.isPresent() && "Deployment".equals(owner.get().getKind())) {
          return same(deployments.get(Keys.of(namespace, owner.get().getName())), owner.get())
              .map(d -> new Scaled(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas())));
        }
        return Optional.of(new Scaled(rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas())));
      });
      case "StatefulSet" -> same(statefulSets.get(key), ref)
          .map(s -> new Scaled(s.getMetadata().getUid(), replicas(s.getSpec().getReplicas())));
      case "ReplicationController" -> same(replicationControllers.get(key), ref)
          .map(rc -> new Scaled(rc.getMetadata().getUid(), replicas(rc.getSpec().getReplicas())));
      default -> Optional.empty();
    };
  }

  /** The cached object only when it is the one referenced (a recreated namesake is another controller). */
  private static <T extends HasMetadata> Optional<T> same(Optional<T> cached, OwnerReference ref) {
    return cached.filter(o -> ref.getUid() == null || ref.getUid().equals(o.getMetadata().getUid()));
  }

  private static int replicas(Integer r) {
    return r == null ? 1 : r;
  }
}
