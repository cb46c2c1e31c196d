package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.ScorePlugin;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/**
 * NoSchedule/NoExecute taints the pod does not tolerate rule the node out; untolerated
 * PreferNoSchedule taints lower its score.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {
  public static final String NAME = "TaintToleration";

  @Override
  public String name() {
    return NAME;
  }

  private static List<Taint> taints(NodeInfo node) {
    return node.node().getSpec() == null || node.node().getSpec().getTaints() == null ? List.of() : node.node().getSpec().getTaints();
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    for (Taint t : taints(node)) {
      if (!"NoSchedule".equals(t.getEffect()) && !"NoExecute".equals(t.getEffect())) continue;
      if (!Selectors.tolerates(pod.getSpec().getTolerations(), t)) {
        return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": " + (t.getValue() == null ? "" : t.getValue()) + "}");
      }
    }
    return Status.success();
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    long n = 0;
    for (Taint t : taints(node)) {
      if ("PreferNoSchedule".equals(t.getEffect()) && !Selectors.tolerates(pod.getSpec().getTolerations(), t)) n++;
    }
    return n;
  }

  @Override
  public void normalize(CycleState state, Pod pod, long[] scores) {
    ScorePlugin.defaultNormalize(MAX_SCORE, true, scores);
  }
}
