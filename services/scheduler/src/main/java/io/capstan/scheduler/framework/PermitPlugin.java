package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/**
 * Approves, rejects or delays binding. A {@link Status.Code#WAIT} holds the binding cycle until
 * {@code Framework#allow}/{@code reject} or the timeout (then the pod is rejected).
 */
public interface PermitPlugin extends Plugin {
  record Result(Status status, Duration timeout) {
    public static Result allow() {
      return new Result(Status.success(), Duration.ZERO);
    }
  }

  Result permit(CycleState state, Pod pod, String nodeName);
}
