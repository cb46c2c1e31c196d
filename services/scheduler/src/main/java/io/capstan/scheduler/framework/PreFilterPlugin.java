package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;

/** Runs once per cycle before Filter: precomputes state, may reject the pod or narrow the nodes. */
public interface PreFilterPlugin extends Plugin {
  /** @param nodeNames the nodes worth filtering, or null for all */
  record Result(Status status, Set<String> nodeNames) {
    public static Result of(Status status) {
      return new Result(status, null);
    }
  }

  Result preFilter(CycleState state, Pod pod, Snapshot snapshot);

  /**
   * How this plugin's PreFilter state changes when a pod is added to or removed from a node, for
   * preemption's what-if runs; null when its state does not depend on other pods.
   */
  default Extensions extensions() {
    return null;
  }

  interface Extensions {
    void addPod(CycleState state, Pod incoming, PodInfo added, NodeInfo node);

    void removePod(CycleState state, Pod incoming, PodInfo removed, NodeInfo node);
  }
}
