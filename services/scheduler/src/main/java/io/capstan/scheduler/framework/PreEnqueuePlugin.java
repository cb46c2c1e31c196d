package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Gates a pod before it enters the active queue; a rejected pod waits in the unschedulable pool. */
public interface PreEnqueuePlugin extends Plugin {
  Status preEnqueue(Pod pod);
}
