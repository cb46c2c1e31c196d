package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Binds the pod; the first bind plugin not returning {@link Status#skip()} decides. */
public interface BindPlugin extends Plugin {
  Status bind(CycleState state, Pod pod, String nodeName);
}
