package io.capstan.controllermanager.deployment;

import static io.capstan.controllermanager.deployment.DeploymentStatuses.available;
import static io.capstan.controllermanager.deployment.DeploymentStatuses.replicas;
import static io.capstan.controllermanager.deployment.DeploymentStatuses.specReplicas;
import static io.capstan.controllermanager.deployment.DeploymentStatuses.statusReplicas;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerRefs;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.LabelSelectors;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls a Deployment's pod template out through ReplicaSets (Kubernetes' {@code deployment}
 * controller): the new ReplicaSet is the one whose template equals the Deployment's (ignoring
 * {@code pod-template-hash}); RollingUpdate scales it up within maxSurge and the old ones down
 * within maxUnavailable, Recreate scales the old ones to zero first. Revisions are annotations,
 * so {@code kubectl rollout history|undo} work client-side as against Kubernetes; paused
 * Deployments only scale; old ReplicaSets beyond {@code revisionHistoryLimit} are deleted.
 */
public final class DeploymentReconciler implements Reconciler {
  public static final String NAME = "deployment";

  private final Store<Deployment> deployments;
  private final Store<ReplicaSet> replicaSets;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;

  public DeploymentReconciler(Store<Deployment> deployments, Store<ReplicaSet> replicaSets, ApiWriter writer,
      EventRecorder events, Clock clock) {
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  public static Controller create(ControllerContext ctx) {
    Informer<Deployment> ds = ctx.informers().informer(Deployment.class, "/registry/apps/deployments");
    Informer<ReplicaSet> rss = ctx.informers().informer(ReplicaSet.class, "/registry/apps/replicasets");
    DeploymentReconciler r = new DeploymentReconciler(ds.store(), rss.store(), ctx.writer(), ctx.events(), ctx.clock());
    Controller c = ctx.controller(NAME, r);
    ds.addEventHandler(c.enqueueOnChange(Keys::of));
    rss.addEventHandler(c.enqueueRelated(r::owners));
    return c;
  }

  /** The controlling Deployment's key, or for an orphan every Deployment whose selector matches it. */
  List<String> owners(ReplicaSet rs) {
    return ControllerRefs.ownerKeys(rs, "Deployment", deployments.inNamespace(rs.getMetadata().getNamespace()),
        d -> d.getSpec().getSelector());
  }

  @Override
  public Result reconcile(String key) throws Exception {
    Optional<Deployment> cached = deployments.get(key);
    if (cached.isEmpty()) return Result.done();
    Deployment d = cached.get();
    if (LabelSelectors.isEmpty(d.getSpec().getSelector())) {
      events.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
      return Result.done();
    }
    List<ReplicaSet> all = claimReplicaSets(d);
    Instant now = clock.instant();
    if (d.getMetadata().getDeletionTimestamp() != null) {
      return writeStatus(d, findNew(d, all), all, now, false);
    }
    ReplicaSet newRs = findNew(d, all);
    List<ReplicaSet> olds = new ArrayList<>(all);
    olds.remove(newRs);
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      if (newRs != null) newRs = syncRevision(d, newRs, olds);
      scale(d, newRs, olds);
      return writeStatus(d, newRs, all(newRs, olds), now, false);
    }
    boolean created = false;
    if (DeploymentStatuses.isRollingUpdate(d)) {
      if (newRs == null) {
        newRs = createNew(d, olds, newReplicas(d, all, null));
        created = true;
      } else {
        newRs = syncRevision(d, newRs, olds);
      }
      if (!created && !rollNew(d, newRs, all(newRs, olds)) && !rollOld(d, newRs, olds)) {
        if (DeploymentStatuses.complete(d, DeploymentStatuses.calculate(d, newRs, all(newRs, olds)))) cleanup(d, olds);
      }
    } else if (!recreate(d, newRs, olds)) {
      if (newRs == null) {
        newRs = createNew(d, olds, replicas(d));
        created = true;
      } else {
        newRs = syncRevision(d, newRs, olds);
        scaleTo(d, newRs, replicas(d));
      }
    }
    return writeStatus(d, newRs, all(newRs, olds), now, created);
  }

  private static List<ReplicaSet> all(ReplicaSet newRs, List<ReplicaSet> olds) {
    List<ReplicaSet> out = new ArrayList<>(olds);
    if (newRs != null) out.add(newRs);
    return out;
  }

  /** ReplicaSets this Deployment owns, after adopting matching orphans and releasing non-matching ones. */
  private List<ReplicaSet> claimReplicaSets(Deployment d) {
    return ControllerRefs.claim(d, replicaSets.inNamespace(d.getMetadata().getNamespace()),
        rs -> LabelSelectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels()), rs -> true, writer);
  }

  /** The newest-created ReplicaSet whose template equals the Deployment's. */
  private static ReplicaSet findNew(Deployment d, List<ReplicaSet> all) {
    return all.stream().filter(rs -> TemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
        .min(Comparator.comparing((ReplicaSet rs) -> Objects.requireNonNullElse(rs.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(rs -> rs.getMetadata().getName()))
        .orElse(null);
  }

  /** Kubernetes' NewRSNewReplicas: how far the new ReplicaSet may grow now. */
  private static int newReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
    int current = newRs == null ? 0 : specReplicas(newRs);
    if (!DeploymentStatuses.isRollingUpdate(d)) return replicas(d);
    int maxTotal = replicas(d) + DeploymentStatuses.surgeAndUnavailable(d)[0];
    int total = all.stream().mapToInt(DeploymentStatuses::specReplicas).sum();
    if (total >= maxTotal) return current;
    int up = Math.min(maxTotal - total, replicas(d) - current);
    return current + Math.max(0, up);
  }

  private ReplicaSet createNew(Deployment d, List<ReplicaSet> olds, int replicas) {
    Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
    String hash = TemplateHash.of(d.getSpec().getTemplate(), collisions);
    PodTemplateSpec template = Copies.deep(d.getSpec().getTemplate());
    if (template.getMetadata().getLabels() == null) template.getMetadata().setLabels(new LinkedHashMap<>());
    template.getMetadata().getLabels().put(TemplateHash.LABEL, hash);
    LabelSelector selector = Copies.deep(d.getSpec().getSelector());
    if (selector.getMatchLabels() == null) selector.setMatchLabels(new LinkedHashMap<>());
    selector.getMatchLabels().put(TemplateHash.LABEL, hash);
    Map<String, String> annotations = new HashMap<>();
    Revisions.copyInto(d.getMetadata().getAnnotations(), annotations);
    annotations.put(Revisions.REVISION, Long.toString(Revisions.max(olds) + 1));
    annotations.put(Revisions.DESIRED_REPLICAS, Integer.toString(replicas(d)));
    annotations.put(Revisions.MAX_REPLICAS, Integer.toString(replicas(d) + DeploymentStatuses.surgeAndUnavailable(d)[0]));
    ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
        .withNamespace(d.getMetadata().getNamespace()).withLabels(template.getMetadata().getLabels())
        .withAnnotations(annotations).withOwnerReferences(OwnerRefs.controllerRef(d)).endMetadata()
        .withNewSpec().withReplicas(replicas).withMinReadySeconds(d.getSpec().getMinReadySeconds())
        .withSelector(selector).withTemplate(template).endSpec().build();
    ReplicaSet created;
    try {
      created = writer.create(rs);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) throw e;
      // The name is taken by a ReplicaSet with another template (a hash collision): bump
      // collisionCount so the next pass computes another name.
      Deployment copy = Copies.deep(d);
      if (copy.getStatus() == null) copy.setStatus(new DeploymentStatus());
      copy.getStatus().setCollisionCount(collisions == null ? 1 : collisions + 1);
      writer.updateStatus(copy);
      throw new IllegalStateException("replica set name " + rs.getMetadata().getName() + " taken; collisionCount bumped", e);
    }
    if (replicas > 0) scaledEvent(d, created, 0, replicas);
    syncDeploymentRevision(d, Revisions.of(created));
    return created;
  }

  /** The new ReplicaSet's revision becomes the highest (a rollback makes an old template new again). */
  private ReplicaSet syncRevision(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds) {
    long wanted = Revisions.max(olds) + 1;
    ReplicaSet result = newRs;
    if (Revisions.of(newRs) < wanted) {
      ReplicaSet copy = Copies.deep(newRs);
      if (copy.getMetadata().getAnnotations() == null) copy.getMetadata().setAnnotations(new HashMap<>());
      Revisions.copyInto(d.getMetadata().getAnnotations(), copy.getMetadata().getAnnotations());
      copy.getMetadata().getAnnotations().put(Revisions.REVISION, Long.toString(wanted));
      result = writer.update(copy);
    }
    syncDeploymentRevision(d, Revisions.of(result));
    return result;
  }

  private void syncDeploymentRevision(Deployment d, long revision) {
    String want = Long.toString(revision);
    Map<String, String> a = d.getMetadata().getAnnotations();
    if (a != null && want.equals(a.get(Revisions.REVISION))) return;
    Deployment copy = Copies.deep(d);
    if (copy.getMetadata().getAnnotations() == null) copy.getMetadata().setAnnotations(new HashMap<>());
    copy.getMetadata().getAnnotations().put(Revisions.REVISION, want);
    Deployment updated = writer.update(copy);
    // Carry the new resourceVersion so a later status write in this pass does not conflict with ourselves.
    if (updated != null && updated.getMetadata() != null) d.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
  }

  /** Scales the new ReplicaSet toward the target; true when it changed. */
  private boolean rollNew(Deployment d, ReplicaSet newRs, List<ReplicaSet> all) {
    int want = replicas(d);
    if (specReplicas(newRs) == want) return false;
    if (specReplicas(newRs) > want) return scaleTo(d, newRs, want);
    return scaleTo(d, newRs, newReplicas(d, all, newRs));
  }

  /** Scales old ReplicaSets down within maxUnavailable (Kubernetes' reconcileOldReplicaSets); true when any changed. */
  private boolean rollOld(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds) {
    int oldPods = olds.stream().mapToInt(DeploymentStatuses::specReplicas).sum();
    if (oldPods == 0) return false;
    List<ReplicaSet> all = all(newRs, olds);
    int allPods = all.stream().mapToInt(DeploymentStatuses::specReplicas).sum();
    int minAvailable = replicas(d) - DeploymentStatuses.surgeAndUnavailable(d)[1];
    int newUnavailable = specReplicas(newRs) - available(newRs);
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    List<ReplicaSet> oldest = new ArrayList<>(olds);
    oldest.sort(Comparator.comparing(rs -> Objects.requireNonNullElse(rs.getMetadata().getCreationTimestamp(), "")));
    int cleaned = 0;
    // First the old replicas that are not available anyway: removing them costs no availability.
    for (ReplicaSet rs : oldest) {
      if (cleaned >= maxScaledDown) break;
      int unhealthy = specReplicas(rs) - available(rs);
      if (unhealthy <= 0) continue;
      int n = Math.min(maxScaledDown - cleaned, unhealthy);
      scaleTo(d, rs, specReplicas(rs) - n);
      cleaned += n;
    }
    int availableNow = all.stream().mapToInt(DeploymentStatuses::available).sum();
    if (availableNow <= minAvailable) return cleaned > 0;
    int budget = availableNow - minAvailable;
    int scaled = 0;
    for (ReplicaSet rs : oldest) {
      if (scaled >= budget) break;
      ReplicaSet current = replicaSets.get(Keys.of(rs)).orElse(rs);
      int replicas = Math.min(specReplicas(current), specReplicas(rs));
      if (replicas == 0) continue;
      int n = Math.min(replicas, budget - scaled);
      scaleTo(d, rs, replicas - n);
      scaled += n;
    }
    return cleaned + scaled > 0;
  }

  /** Recreate: old ReplicaSets to zero, and nothing new until their pods are gone. True while waiting. */
  private boolean recreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds) {
    boolean scaledDown = false;
    for (ReplicaSet rs : olds) {
      if (specReplicas(rs) > 0) scaledDown |= scaleTo(d, rs, 0);
    }
    if (scaledDown) return true;
    return olds.stream().anyMatch(rs -> statusReplicas(rs) > 0);
  }

  /** Paused or plain scaling: the new (or else the newest active) ReplicaSet takes the whole count. */
  private void scale(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds) {
    List<ReplicaSet> active = new ArrayList<>(olds.stream().filter(rs -> specReplicas(rs) > 0).toList());
    if (newRs != null && active.isEmpty()) {
      scaleTo(d, newRs, replicas(d));
    } else if (newRs == null && active.size() == 1) {
      scaleTo(d, active.get(0), replicas(d));
    }
  }

  private boolean scaleTo(Deployment d, ReplicaSet rs, int replicas) {
    int from = specReplicas(rs);
    String desired = Integer.toString(replicas(d));
    Map<String, String> a = rs.getMetadata().getAnnotations();
    if (from == replicas && a != null && desired.equals(a.get(Revisions.DESIRED_REPLICAS))) return false;
    ReplicaSet copy = Copies.deep(rs);
    copy.getSpec().setReplicas(replicas);
    if (copy.getMetadata().getAnnotations() == null) copy.getMetadata().setAnnotations(new HashMap<>());
    copy.getMetadata().getAnnotations().put(Revisions.DESIRED_REPLICAS, desired);
    copy.getMetadata().getAnnotations().put(Revisions.MAX_REPLICAS,
        Integer.toString(replicas(d) + DeploymentStatuses.surgeAndUnavailable(d)[0]));
    writer.update(copy);
    if (from != replicas) scaledEvent(d, rs, from, replicas);
    return from != replicas;
  }

  private void scaledEvent(Deployment d, ReplicaSet rs, int from, int to) {
    events.normal(d, "ScalingReplicaSet", "Scaled " + (to > from ? "up" : "down") + " replica set "
        + rs.getMetadata().getName() + " from " + from + " to " + to);
  }

  /** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private void cleanup(Deployment d, List<ReplicaSet> olds) {
    int limit = d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
    List<ReplicaSet> cleanable = new ArrayList<>(olds.stream()
        .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
    int excess = cleanable.size() - limit;
    if (excess <= 0) return;
    cleanable.sort(Comparator.comparingLong(Revisions::of));
    for (ReplicaSet rs : cleanable) {
      if (excess <= 0) break;
      if (specReplicas(rs) != 0 || statusReplicas(rs) != 0) continue;
      writer.delete(ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName(), null);
      excess--;
    }
  }

  private Result writeStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> all, Instant now, boolean created) {
    DeploymentStatus s = DeploymentStatuses.calculate(d, newRs, all);
    DeploymentStatuses.setAvailability(d, s, now);
    Duration recheck = null;
    if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isPausedCondition(s)) {
      DeploymentStatuses.setPaused(d, s, now);
    }
    if (!Boolean.TRUE.equals(d.getSpec().getPaused())) {
      if (created && d.getSpec().getProgressDeadlineSeconds() != null) {
        DeploymentStatuses.set(s, DeploymentStatuses.condition(DeploymentStatuses.PROGRESSING, "True",
            DeploymentStatuses.NEW_RS_CREATED, "Created new replica set \"" + newRs.getMetadata().getName() + "\"", now));
        recheck = Duration.ofSeconds(d.getSpec().getProgressDeadlineSeconds());
      } else {
        recheck = DeploymentStatuses.setProgress(d, newRs, s, now);
      }
    }
    if (!Objects.equals(Copies.serialization().asJson(s), Copies.serialization().asJson(
        d.getStatus() == null ? new DeploymentStatus() : d.getStatus()))) {
      Deployment copy = Copies.deep(d);
      copy.setStatus(s);
      writer.updateStatus(copy);
    }
    return recheck == null ? Result.done() : Result.requeueAfter(recheck);
  }

  private static boolean isPausedCondition(DeploymentStatus s) {
    return DeploymentStatuses.find(s, DeploymentStatuses.PROGRESSING)
        .map(c -> DeploymentStatuses.PAUSED.equals(c.getReason())).orElse(false);
  }
}
