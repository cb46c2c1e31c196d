package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What controllers ask of a pod: active, ready, available (Kubernetes' {@code podutil}). */
public final class PodStates {
  private PodStates() {}

  public static String phase(Pod p) {
    return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
  }

  /** Not finished and not being deleted: counts toward a controller's replicas. */
  public static boolean isActive(Pod p) {
    String phase = phase(p);
    return !"Succeeded".equals(phase) && !"Failed".equals(phase) && p.getMetadata().getDeletionTimestamp() == null;
  }

  public static Optional<PodCondition> readyCondition(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) return Optional.empty();
    return p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  public static boolean isReady(Pod p) {
    return readyCondition(p).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** When the pod became ready, or null. */
  public static Instant readySince(Pod p) {
    return readyCondition(p).filter(c -> "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(c -> Instant.parse(c.getLastTransitionTime())).orElse(null);
  }

  /** Ready for at least {@code minReady} at {@code now}. */
  public static boolean isAvailable(Pod p, Duration minReady, Instant now) {
    if (!isReady(p)) return false;
    if (minReady.isZero()) return true;
    Instant since = readySince(p);
    return since != null && !since.plus(minReady).isAfter(now);
  }
}
