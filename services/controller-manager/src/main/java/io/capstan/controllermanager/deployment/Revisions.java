package io.capstan.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The revision and related annotations Deployments and their ReplicaSets carry (what kubectl rollout reads). */
public final class Revisions {
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  /** Deployment annotations never copied to its ReplicaSets (Kubernetes' annotationsToSkip). */
  static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
      REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

  private Revisions() {}

  public static long of(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    if (a == null || a.get(REVISION) == null) return 0;
    try {
      return Long.parseLong(a.get(REVISION));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public static long max(Collection<? extends HasMetadata> objects) {
    return objects.stream().mapToLong(Revisions::of).max().orElse(0);
  }

  /** Copies the deployment's own annotations (change-cause and the like) onto a ReplicaSet's map. */
  static void copyInto(Map<String, String> from, Map<String, String> to) {
    if (from == null) return;
    from.forEach((k, v) -> {
      if (!NOT_COPIED.contains(k)) to.put(k, v);
    });
  }
}
