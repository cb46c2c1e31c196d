package io.capstan.scheduler.core;

import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/**
 * Turns informer events into queue and cache changes: bound pods feed the cache, pending pods of
 * a served profile feed the queue, and node changes and pod deletions move unschedulable pods.
 * Runs on the informers' delivery threads, so every call is quick and non-blocking.
 */
public final class ClusterEventHandlers {
  private final Scheduler scheduler;
  private final PriorityResolver priorities;
  private final ClusterScope scope;

  public ClusterEventHandlers(Scheduler scheduler, PriorityResolver priorities) {
    this(scheduler, priorities, ClusterScope.ALL);
  }

  public ClusterEventHandlers(Scheduler scheduler, PriorityResolver priorities, ClusterScope scope) {
    this.scheduler = scheduler;
    this.priorities = priorities;
    this.scope = scope;
  }

  private static boolean bound(Pod p) {
    return p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
  }

  private static boolean finished(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public ResourceEventHandler<Pod> pods() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod, boolean initialList) {
        onPod(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod now) {
        if (old != now) onPod(now);
      }

      @Override
      public void onDelete(Pod pod) {
        String key = PodInfo.key(pod);
        scheduler.queue().delete(key);
        if (bound(pod) || scheduler.cache().isAssumed(key)) {
          scheduler.cache().removePod(key);
          scheduler.queue().moveAllToActiveOrBackoff("AssignedPodDelete");
        }
      }
    };
  }

  private void onPod(Pod pod) {
    String key = PodInfo.key(pod);
    if (bound(pod)) {
      scheduler.queue().delete(key);
      if (finished(pod)) {
        scheduler.cache().removePod(key);
        scheduler.queue().moveAllToActiveOrBackoff("AssignedPodDelete");
      } else {
        scheduler.cache().addOrUpdatePod(PodInfo.of(pod, priorities.priority(pod)));
      }
      return;
    }
    if (!scheduler.serves(pod) || !scope.namespaces().test(pod.getMetadata().getNamespace())
        || scheduler.cache().isAssumed(key)) {
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      scheduler.queue().delete(key);
      return;
    }
    scheduler.queue().add(PodInfo.of(pod, priorities.priority(pod)));
  }

  public ResourceEventHandler<Node> nodes() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node, boolean initialList) {
        if (!scope.nodes().test(node)) return;
        scheduler.cache().addOrUpdateNode(node);
        scheduler.queue().moveAllToActiveOrBackoff("NodeAdd");
      }

      @Override
      public void onUpdate(Node old, Node now) {
        if (!scope.nodes().test(now)) {
          // Relabelled out of this scheduler's pool: forget it like a deleted node.
          if (scope.nodes().test(old)) scheduler.cache().removeNode(now.getMetadata().getName());
          return;
        }
        scheduler.cache().addOrUpdateNode(now);
        if (schedulingRelevantChange(old, now)) scheduler.queue().moveAllToActiveOrBackoff("NodeUpdate");
      }

      @Override
      public void onDelete(Node node) {
        scheduler.cache().removeNode(node.getMetadata().getName());
      }
    };
  }

  /** Heartbeat-only status updates do not requeue anything (Kubernetes' nodeSchedulingPropertiesChange). */
  static boolean schedulingRelevantChange(Node old, Node now) {
    return !Objects.equals(old.getMetadata().getLabels(), now.getMetadata().getLabels())
        || !Objects.equals(old.getSpec(), now.getSpec())
        || !Objects.equals(old.getStatus() == null ? null : old.getStatus().getAllocatable(),
            now.getStatus() == null ? null : now.getStatus().getAllocatable())
        || !Objects.equals(old.getStatus() == null ? null : old.getStatus().getImages(),
            now.getStatus() == null ? null : now.getStatus().getImages());
  }
}
