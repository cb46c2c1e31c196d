package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Informational: called after a successful bind. */
public interface PostBindPlugin extends Plugin {
  void postBind(CycleState state, Pod pod, String nodeName);
}
