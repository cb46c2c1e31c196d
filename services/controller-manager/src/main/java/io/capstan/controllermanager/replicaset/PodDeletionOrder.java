package io.capstan.controllermanager.replicaset;

import io.capstan.controllermanager.framework.PodStates;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which pods a scale-down removes first (Kubernetes' {@code ActivePods} order): unscheduled before
 * scheduled, Pending before Unknown before Running, not ready before ready, ready for less time
 * before ready for longer, more restarts before fewer, newer before older.
 */
final class PodDeletionOrder implements Comparator<Pod> {
  static final PodDeletionOrder INSTANCE = new PodDeletionOrder();

  @Override
  public int compare(Pod a, Pod b) {
    int c = Boolean.compare(assigned(a), assigned(b));
    if (c != 0) return c;
    c = Integer.compare(phaseRank(a), phaseRank(b));
    if (c != 0) return c;
    c = Boolean.compare(PodStates.isReady(a), PodStates.isReady(b));
    if (c != 0) return c;
    if (PodStates.isReady(a) && PodStates.isReady(b)) {
      Instant ra = PodStates.readySince(a);
      Instant rb = PodStates.readySince(b);
      if (ra != null && rb != null && !ra.equals(rb)) return rb.compareTo(ra);
    }
    c = Integer.compare(restarts(b), restarts(a));
    if (c != 0) return c;
    return created(b).compareTo(created(a));
  }

  private static boolean assigned(Pod p) {
    return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
  }

  private static int phaseRank(Pod p) {
    return switch (PodStates.phase(p)) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 3;
    };
  }

  private static int restarts(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return 0;
    List<ContainerStatus> s = p.getStatus().getContainerStatuses();
    return s.stream().mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount()).max().orElse(0);
  }

  private static String created(Pod p) {
    String t = p.getMetadata().getCreationTimestamp();
    return t == null ? "" : t;
  }
}
