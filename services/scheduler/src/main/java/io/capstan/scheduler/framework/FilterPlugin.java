package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Can the pod run on this node? Called concurrently for many nodes: must not mutate shared state. */
public interface FilterPlugin extends Plugin {
  Status filter(CycleState state, Pod pod, NodeInfo node);
}
