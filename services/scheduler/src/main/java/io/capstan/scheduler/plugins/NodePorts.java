package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;

/** Host ports must be free: same protocol and port conflict when either side binds 0.0.0.0 or both the same IP. */
public final class NodePorts implements FilterPlugin {
  public static final String NAME = "NodePorts";
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    for (String wanted : NodeInfo.hostPorts(PodInfo.of(pod, 0))) {
      String[] w = wanted.split("/");
      for (String used : node.usedPorts()) {
        String[] u = used.split("/");
        boolean sameProtoPort = w[0].equals(u[0]) && w[2].equals(u[2]);
        boolean ipOverlap = w[1].equals(u[1]) || "0.0.0.0".equals(w[1]) || "0.0.0.0".equals(u[1]);
        if (sameProtoPort && ipOverlap) return Status.unschedulable(REASON);
      }
    }
    return Status.success();
  }
}
