package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;

/** A pod that names its node (spec.nodeName) fits only there. */
public final class NodeName implements FilterPlugin {
  public static final String NAME = "NodeName";
  public static final String REASON = "node(s) didn't match the requested node name";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    String wanted = pod.getSpec().getNodeName();
    return wanted == null || wanted.isEmpty() || wanted.equals(node.name()) ? Status.success() : Status.unresolvable(REASON);
  }
}
