package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.BindPlugin;
import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FrameworkHandle;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;

/** POSTs the pod's pods/binding subresource. */
public final class DefaultBinder implements BindPlugin {
  public static final String NAME = "DefaultBinder";
  private final FrameworkHandle handle;

  public DefaultBinder(FrameworkHandle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status bind(CycleState state, Pod pod, String nodeName) {
    try {
      handle.writer().bind(pod, nodeName);
      return Status.success();
    } catch (RuntimeException e) {
      return Status.error(e);
    }
  }
}
