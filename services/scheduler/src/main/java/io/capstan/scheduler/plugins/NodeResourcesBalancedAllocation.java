package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Resource;
import io.capstan.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Pod;

/** Favours nodes whose cpu and memory fractions stay close: (1 − std deviation) × 100. */
public final class NodeResourcesBalancedAllocation implements ScorePlugin {
  public static final String NAME = "NodeResourcesBalancedAllocation";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    Resource pr = Resource.podRequests(pod, true);
    double cpu = fraction(node.nonZeroRequested().milliCpu + pr.milliCpu, node.allocatable().milliCpu);
    double mem = fraction(node.nonZeroRequested().memory + pr.memory, node.allocatable().memory);
    double std = Math.abs(cpu - mem) / 2;
    return (long) ((1 - std) * MAX_SCORE);
  }

  private static double fraction(long requested, long capacity) {
    return capacity == 0 ? 1 : Math.min(1.0, (double) requested / capacity);
  }
}
