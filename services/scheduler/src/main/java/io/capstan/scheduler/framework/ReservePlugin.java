package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Claims node-local state for the pod once a node is chosen; unreserve must undo it and be idempotent. */
public interface ReservePlugin extends Plugin {
  Status reserve(CycleState state, Pod pod, String nodeName);

  void unreserve(CycleState state, Pod pod, String nodeName);
}
