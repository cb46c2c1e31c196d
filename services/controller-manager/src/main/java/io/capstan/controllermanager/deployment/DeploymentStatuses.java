package io.capstan.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's status from its ReplicaSets, with the Available and Progressing conditions and
 * their Kubernetes reasons and messages (what {@code kubectl rollout status} reads), and the
 * surge/unavailability arithmetic of the rolling update.
 */
final class DeploymentStatuses {
  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";
  static final String NEW_RS_CREATED = "NewReplicaSetCreated";
  static final String RS_UPDATED = "ReplicaSetUpdated";
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  static final String TIMED_OUT = "ProgressDeadlineExceeded";
  static final String PAUSED = "DeploymentPaused";
  static final String RESUMED = "DeploymentResumed";

  private DeploymentStatuses() {}

  static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  static int specReplicas(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
  }

  static int statusReplicas(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
  }

  static int available(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
  }

  static int ready(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
  }

  static boolean isRollingUpdate(Deployment d) {
    return d.getSpec().getStrategy() == null || !"Recreate".equals(d.getSpec().getStrategy().getType());
  }

  /** maxSurge (percent rounded up) and maxUnavailable (rounded down); both zero means unavailable 1. */
  static int[] surgeAndUnavailable(Deployment d) {
    if (!isRollingUpdate(d)) return new int[] {0, 0};
    var ru = d.getSpec().getStrategy().getRollingUpdate();
    int n = replicas(d);
    int surge = resolve(ru == null ? null : ru.getMaxSurge(), n, true);
    int unavailable = resolve(ru == null ? null : ru.getMaxUnavailable(), n, false);
    if (surge == 0 && unavailable == 0) unavailable = 1;
    return new int[] {surge, Math.min(unavailable, n)};
  }

  private static int resolve(IntOrString v, int total, boolean roundUp) {
    if (v == null) return roundUp ? (int) Math.ceil(total * 0.25) : (int) Math.floor(total * 0.25);
    if (v.getIntVal() != null) return v.getIntVal();
    String s = v.getStrVal();
    if (s.endsWith("%")) {
      double pct = Integer.parseInt(s.substring(0, s.length() - 1)) / 100.0;
      return roundUp ? (int) Math.ceil(total * pct) : (int) Math.floor(total * pct);
    }
    return Integer.parseInt(s);
  }

  static DeploymentStatus calculate(Deployment d, ReplicaSet newRs, List<ReplicaSet> all) {
    int available = all.stream().mapToInt(DeploymentStatuses::available).sum();
    int total = all.stream().mapToInt(DeploymentStatuses::specReplicas).sum();
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    List<DeploymentCondition> conditions = new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions());
    DeploymentStatus s = new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(all.stream().mapToInt(DeploymentStatuses::statusReplicas).sum())
        .withUpdatedReplicas(newRs == null ? 0 : statusReplicas(newRs))
        .withReadyReplicas(all.stream().mapToInt(DeploymentStatuses::ready).sum())
        .withAvailableReplicas(available).withUnavailableReplicas(Math.max(0, total - available))
        .withCollisionCount(old.getCollisionCount()).withConditions(conditions).build();
    return s;
  }

  static void setAvailability(Deployment d, DeploymentStatus s, Instant now) {
    if (s.getAvailableReplicas() >= replicas(d) - surgeAndUnavailable(d)[1]) {
      set(s, condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now));
    } else {
      set(s, condition(AVAILABLE, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
    }
  }

  static boolean complete(Deployment d, DeploymentStatus s) {
    int n = replicas(d);
    return s.getUpdatedReplicas() == n && s.getReplicas() == n && s.getAvailableReplicas() == n
        && s.getObservedGeneration() != null && s.getObservedGeneration() >= orZero(d.getMetadata().getGeneration());
  }

  /** Any of the counters moved the right way since the last status. */
  static boolean progressed(DeploymentStatus old, DeploymentStatus now) {
    return orZero(now.getUpdatedReplicas()) > orZero(old.getUpdatedReplicas())
        || orZero(now.getReplicas()) < orZero(old.getReplicas())
        || orZero(now.getReadyReplicas()) > orZero(old.getReadyReplicas())
        || orZero(now.getAvailableReplicas()) > orZero(old.getAvailableReplicas());
  }

  /**
   * Sets Progressing as Kubernetes' {@code syncRolloutStatus} does; returns when to look again for
   * the progress deadline (null: no need).
   */
  static Duration setProgress(Deployment d, ReplicaSet newRs, DeploymentStatus s, Instant now) {
    Integer deadline = d.getSpec().getProgressDeadlineSeconds();
    if (deadline == null || deadline == Integer.MAX_VALUE) {
      remove(s, PROGRESSING);
      return null;
    }
    Optional<DeploymentCondition> current = find(s, PROGRESSING);
    if (current.isPresent() && TIMED_OUT.equals(current.get().getReason())) return null;
    String rsName = newRs == null ? null : newRs.getMetadata().getName();
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    if (complete(d, s)) {
      set(s, condition(PROGRESSING, "True", NEW_RS_AVAILABLE, rsName == null ? "Deployment \"" + d.getMetadata().getName()
          + "\" has successfully progressed." : "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
      return null;
    }
    if (progressed(old, s) || current.isEmpty()) {
      DeploymentCondition c = condition(PROGRESSING, "True", RS_UPDATED, rsName == null ? "Deployment \""
          + d.getMetadata().getName() + "\" is progressing." : "ReplicaSet \"" + rsName + "\" is progressing.", now);
      if (current.isPresent() && "True".equals(current.get().getStatus())) {
        c.setLastTransitionTime(current.get().getLastTransitionTime());
      }
      remove(s, PROGRESSING);
      s.getConditions().add(c);
      return Duration.ofSeconds(deadline);
    }
    Instant lastUpdate = Instant.parse(current.get().getLastUpdateTime());
    Instant due = lastUpdate.plusSeconds(deadline);
    if (!due.isAfter(now)) {
      set(s, condition(PROGRESSING, "False", TIMED_OUT, rsName == null ? "Deployment \"" + d.getMetadata().getName()
          + "\" has timed out progressing." : "ReplicaSet \"" + rsName + "\" has timed out progressing.", now));
      return null;
    }
    return Duration.between(now, due).plusSeconds(1);
  }

  /** Paused and resumed are Progressing=Unknown with their own reasons. */
  static void setPaused(Deployment d, DeploymentStatus s, Instant now) {
    Optional<DeploymentCondition> current = find(s, PROGRESSING);
    boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
    if (paused && (current.isEmpty() || !PAUSED.equals(current.get().getReason()))) {
      set(s, condition(PROGRESSING, "Unknown", PAUSED, "Deployment is paused", now));
    } else if (!paused && current.isPresent() && PAUSED.equals(current.get().getReason())) {
      set(s, condition(PROGRESSING, "Unknown", RESUMED, "Deployment is resumed", now));
    }
  }

  static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
    String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastUpdateTime(t).withLastTransitionTime(t).build();
  }

  static Optional<DeploymentCondition> find(DeploymentStatus s, String type) {
    return s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Kubernetes' SetDeploymentCondition: same status and reason is no change; same status keeps the transition time. */
  static void set(DeploymentStatus s, DeploymentCondition c) {
    Optional<DeploymentCondition> current = find(s, c.getType());
    if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())
        && Objects.equals(current.get().getReason(), c.getReason())) {
      return;
    }
    if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())) {
      c.setLastTransitionTime(current.get().getLastTransitionTime());
    }
    remove(s, c.getType());
    s.getConditions().add(c);
  }

  static void remove(DeploymentStatus s, String type) {
    s.getConditions().removeIf(c -> type.equals(c.getType()));
  }

  private static long orZero(Number n) {
    return n == null ? 0 : n.longValue();
  }
}
