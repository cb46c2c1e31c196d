package io.capstan.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pod's priority as Kubernetes' Priority admission would have set it: spec.priority if set,
 * else its PriorityClass's value, else the globalDefault class's, else 0. The apiserver's
 * PodPriority admission sets spec.priority on create (and refuses an unknown class), so this
 * matters only for pods written without it, e.g. by unit tests' fakes; it reads the scheduler's
 * own PriorityClass informer.
 */
public final class PriorityResolver {
  private final Function<String, PriorityClass> byName;
  private final Supplier<Collection<PriorityClass>> all;

  public PriorityResolver(Function<String, PriorityClass> byName, Supplier<Collection<PriorityClass>> all) {
    this.byName = byName;
    this.all = all;
  }

  public static PriorityResolver none() {
    return new PriorityResolver(n -> null, java.util.List::of);
  }

  public int priority(Pod pod) {
    if (pod.getSpec().getPriority() != null) return pod.getSpec().getPriority();
    String name = pod.getSpec().getPriorityClassName();
    if (name != null && !name.isEmpty()) {
      PriorityClass pc = byName.apply(name);
      if (pc != null && pc.getValue() != null) return pc.getValue();
      if ("system-node-critical".equals(name)) return 2000001000;
      if ("system-cluster-critical".equals(name)) return 2000000000;
      return 0;
    }
    for (PriorityClass pc : all.get()) if (Boolean.TRUE.equals(pc.getGlobalDefault()) && pc.getValue() != null) return pc.getValue();
    return 0;
  }
}
