package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Work that must succeed before binding (volumes, say); runs in the asynchronous binding cycle. */
public interface PreBindPlugin extends Plugin {
  Status preBind(CycleState state, Pod pod, String nodeName);
}
