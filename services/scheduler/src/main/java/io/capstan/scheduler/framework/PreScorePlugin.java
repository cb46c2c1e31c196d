package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Runs once per cycle over the feasible nodes before Score; {@link Status#skip()} skips its Score. */
public interface PreScorePlugin extends Plugin {
  Status preScore(CycleState state, Pod pod, List<NodeInfo> feasible, Snapshot snapshot);
}
