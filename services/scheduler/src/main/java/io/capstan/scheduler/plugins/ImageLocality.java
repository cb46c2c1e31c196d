package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.FrameworkHandle;
import io.capstan.scheduler.framework.ImageNames;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PreScorePlugin;
import io.capstan.scheduler.framework.ScorePlugin;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Favours nodes that already hold the pod's images (node.status.images), each image's size scaled
 * by the share of nodes holding it so one node does not attract everything; Kubernetes' thresholds
 * (23 MB to 1000 MB per container) map the sum to 0–100.
 */
public final class ImageLocality implements PreScorePlugin, ScorePlugin {
  public static final String NAME = "ImageLocality";
  private static final long MB = 1024 * 1024;
  private static final long MIN_THRESHOLD = 23 * MB;
  private static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;
  private static final String STATE = NAME + "/snapshot";

  public ImageLocality(FrameworkHandle handle) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasible, Snapshot snapshot) {
    state.write(STATE, snapshot);
    return Status.success();
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    Snapshot snapshot = state.read(STATE, Snapshot.class);
    int total = snapshot == null ? 1 : Math.max(1, snapshot.nodes().size());
    List<ContainerImage> images = node.node().getStatus() == null ? null : node.node().getStatus().getImages();
    long sum = 0;
    int containers = pod.getSpec().getContainers().size();
    if (images != null) {
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getImage() == null) continue;
        String wanted = ImageNames.normalize(c.getImage());
        for (ContainerImage img : images) {
          if (img.getNames() == null || img.getNames().stream().map(ImageNames::normalize).noneMatch(wanted::equals)) continue;
          long size = img.getSizeBytes() == null ? 0 : img.getSizeBytes();
          int having = snapshot == null ? 1 : Math.max(1, snapshot.nodesWithImage(wanted));
          sum += (long) (size * ((double) having / total));
          break;
        }
      }
    }
    long max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers);
    if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
    else if (sum > max) sum = max;
    return MAX_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
  }
}
