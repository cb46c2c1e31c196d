package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/** What plugins may use besides their arguments: writes, priorities and the profile's own framework. */
public interface FrameworkHandle {
  ClusterWriter writer();

  /** The pod's priority: spec.priority, else its PriorityClass, else the global default, else 0. */
  int priority(Pod pod);

  /** The framework the plugin belongs to (preemption re-runs its filters); set after construction. */
  Framework framework();

  /** The profile's scheduler name (events' reporting component). */
  String schedulerName();

  /** Every PodDisruptionBudget the scheduler knows of (preemption prefers victims that break none). */
  List<PodDisruptionBudget> podDisruptionBudgets();
}
