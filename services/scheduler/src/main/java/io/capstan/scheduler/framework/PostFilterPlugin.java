package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** Runs when no node fits (preemption); may nominate a node for a later cycle. */
public interface PostFilterPlugin extends Plugin {
  /** @param nominatedNode the node the pod should get next time, or null */
  record Result(Status status, String nominatedNode) {}

  Result postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses);
}
