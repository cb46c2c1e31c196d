package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Every write the scheduler makes to the API, behind one interface so unit tests use a fake.
 * Methods block until the apiserver answered and throw on failure.
 */
public interface ClusterWriter {
  /** POST pods/binding. */
  void bind(Pod pod, String nodeName);

  /** pods/status: {@code PodScheduled=False} (reason Unschedulable) and the nominated node, if any. */
  void markUnschedulable(Pod pod, String message, String nominatedNode);

  /** Deletes a preemption victim. */
  void deletePod(Pod victim);

  /** A core/v1 Event about {@code pod} from {@code component}. */
  void event(Pod pod, String component, String type, String reason, String action, String message);
}
