package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PreFilterPlugin;
import io.capstan.scheduler.framework.Resource;
import io.capstan.scheduler.framework.ScorePlugin;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests must fit allocatable minus what the node's pods request: cpu, memory,
 * ephemeral-storage, the pod count and extended resources. Scoring strategy (argument
 * {@code scoringStrategy}): LeastAllocated (default), MostAllocated, or RequestedToCapacityRatio
 * with {@code shape} points (utilization 0–100 → score 0–10), over cpu and memory weighted 1:1.
 */
public final class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  public static final String NAME = "NodeResourcesFit";
  private static final String STATE = NAME + "/requests";

  public enum Strategy { LeastAllocated, MostAllocated, RequestedToCapacityRatio }

  private final Strategy strategy;
  private final long[][] shape;

  public NodeResourcesFit(Map<String, Object> args) {
    Object s = args.get("scoringStrategy");
    this.strategy = s == null ? Strategy.LeastAllocated : Strategy.valueOf(s.toString());
    List<long[]> points = new ArrayList<>();
    if (args.get("shape") instanceof Map<?, ?> m) {
      m.values().forEach(v -> {
        if (v instanceof Map<?, ?> p) points.add(new long[] {num(p.get("utilization")), num(p.get("score"))});
      });
    }
    if (points.isEmpty()) {
      points.add(new long[] {0, 10});
      points.add(new long[] {100, 0});
    }
    points.sort((a, b) -> Long.compare(a[0], b[0]));
    this.shape = points.toArray(new long[0][]);
  }

  private static long num(Object o) {
    return Long.parseLong(String.valueOf(o));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result preFilter(CycleState state, Pod pod, Snapshot snapshot) {
    state.write(STATE, Resource.podRequests(pod, false));
    return Result.of(Status.success());
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    Resource req = state.read(STATE, Resource.class);
    if (req == null) req = Resource.podRequests(pod, false);
    List<String> reasons = new ArrayList<>();
    Resource alloc = node.allocatable();
    Resource used = node.requested();
    if (node.pods().size() + 1 > alloc.allowedPods) reasons.add("Too many pods");
    if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) reasons.add("Insufficient cpu");
    if (req.memory > 0 && req.memory > alloc.memory - used.memory) reasons.add("Insufficient memory");
    if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
      reasons.add("Insufficient ephemeral-storage");
    }
    for (Map.Entry<String, Long> e : req.scalar.entrySet()) {
      if (e.getValue() > 0 && e.getValue() > alloc.get(e.getKey()) - used.get(e.getKey())) reasons.add("Insufficient " + e.getKey());
    }
    return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons.toArray(String[]::new));
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    Resource pr = Resource.podRequests(pod, true);
    long cpu = scoreOne(node.nonZeroRequested().milliCpu + pr.milliCpu, node.allocatable().milliCpu);
    long mem = scoreOne(node.nonZeroRequested().memory + pr.memory, node.allocatable().memory);
    return (cpu + mem) / 2;
  }

  private long scoreOne(long requested, long capacity) {
    if (capacity == 0) return 0;
    return switch (strategy) {
      case LeastAllocated -> requested > capacity ? 0 : (capacity - requested) * MAX_SCORE / capacity;
      case MostAllocated -> requested > capacity ? MAX_SCORE : requested * MAX_SCORE / capacity;
      case RequestedToCapacityRatio -> ratio(Math.min(requested, capacity) * 100 / capacity);
    };
  }

  /** The shape's broken line through (utilization, score×10). */
  private long ratio(long utilization) {
    if (utilization <= shape[0][0]) return shape[0][1] * 10;
    for (int i = 1; i < shape.length; i++) {
      if (utilization <= shape[i][0]) {
        long x0 = shape[i - 1][0], y0 = shape[i - 1][1] * 10, x1 = shape[i][0], y1 = shape[i][1] * 10;
        return y0 + (y1 - y0) * (utilization - x0) / (x1 - x0);
      }
    }
    return shape[shape.length - 1][1] * 10;
  }
}
