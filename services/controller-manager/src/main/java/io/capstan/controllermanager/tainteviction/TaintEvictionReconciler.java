package io.capstan.controllermanager.tainteviction;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.NodeEligibility;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.SharedInformers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Evicts pods from nodes with NoExecute taints (Kubernetes' taint eviction controller): a pod that
 * does not tolerate one of them is deleted at once; one that tolerates them all is deleted when
 * the shortest {@code tolerationSeconds} among the tolerations used has passed since the taint was
 * added (no {@code tolerationSeconds}: it stays). Before deleting, the pod gets the
 * {@code DisruptionTarget} condition ({@code DeletionByTaintManager}). Its controller then
 * replaces it on another node.
 */
public final class TaintEvictionReconciler implements Reconciler {
  public static final String NAME = "tainteviction";

  private final Store<Pod> pods;
  private final Store<Node> nodes;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;
  private final Predicate<Node> nodeScope;

  public TaintEvictionReconciler(Store<Pod> pods, Store<Node> nodes, ApiWriter writer, EventRecorder events, Clock clock,
      Predicate<Node> nodeScope) {
    this.pods = pods;
    this.nodes = nodes;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
    this.nodeScope = nodeScope;
  }

  public static Controller create(ControllerContext ctx, Predicate<Node> nodeScope) {
    Informer<Pod> ps = ctx.informers().informer(Pod.class, "/registry/pods");
    Informer<Node> ns = ctx.informers().informer(Node.class, "/registry/nodes");
    TaintEvictionReconciler r = new TaintEvictionReconciler(ps.store(), ns.store(), ctx.writer(), ctx.events(),
        ctx.clock(), nodeScope);
    Controller c = ctx.controller(NAME, r);
    ps.addEventHandler(new io.capstan.client.informer.ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod p, boolean initial) {
        if (p.getSpec() != null && p.getSpec().getNodeName() != null) c.enqueue(Keys.of(p));
      }

      @Override
      public void onUpdate(Pod old, Pod now) {
        if (!Objects.equals(old.getSpec().getNodeName(), now.getSpec().getNodeName())
            || !Objects.equals(old.getSpec().getTolerations(), now.getSpec().getTolerations())) {
          c.enqueue(Keys.of(now));
        }
      }
    });
    ns.addEventHandler(new io.capstan.client.informer.ResourceEventHandler<>() {
      @Override
      public void onAdd(Node n, boolean initial) {
        r.podsOn(n).forEach(c::enqueue);
      }

      @Override
      public void onUpdate(Node old, Node now) {
        if (!Objects.equals(noExecute(old), noExecute(now))) r.podsOn(now).forEach(c::enqueue);
      }
    });
    return c;
  }

  private List<String> podsOn(Node n) {
    if (noExecute(n).isEmpty()) return List.of();
    return pods.byIndex(SharedInformers.BY_NODE, n.getMetadata().getName()).stream().map(Keys::of).toList();
  }

  static List<Taint> noExecute(Node n) {
    if (n.getSpec() == null || n.getSpec().getTaints() == null) return List.of();
    return n.getSpec().getTaints().stream().filter(NodeEligibility::isNoExecute).toList();
  }

  @Override
  public Result reconcile(String key) {
    Optional<Pod> cached = pods.get(key);
    if (cached.isEmpty()) return Result.done();
    Pod pod = cached.get();
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty() || pod.getMetadata().getDeletionTimestamp() != null) return Result.done();
    Optional<Node> node = nodes.get(nodeName);
    if (node.isEmpty() || !nodeScope.test(node.get())) return Result.done();
    List<Taint> taints = noExecute(node.get());
    if (taints.isEmpty()) return Result.done();
    List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    Instant now = clock.instant();
    Instant due = null;
    for (Taint taint : taints) {
      Duration tolerated = toleratedFor(taint, tolerations);
      if (tolerated == null) continue;
      Instant since = taint.getTimeAdded() == null ? now : Instant.parse(taint.getTimeAdded());
      Instant d = since.plus(tolerated);
      if (due == null || d.isBefore(due)) due = d;
    }
    if (due == null) return Result.done();
    if (now.isBefore(due)) return Result.requeueAfter(Duration.between(now, due).plusMillis(100));
    evict(pod);
    return Result.done();
  }

  /** How long the pod's tolerations let it stay despite {@code taint}: zero if none tolerates it, null for ever. */
  static Duration toleratedFor(Taint taint, List<Toleration> tolerations) {
    Duration shortest = null;
    boolean tolerated = false;
    for (Toleration t : tolerations) {
      if (!NodeEligibility.tolerates(t, taint)) continue;
      tolerated = true;
      if (t.getTolerationSeconds() == null) continue;
      Duration d = Duration.ofSeconds(Math.max(0, t.getTolerationSeconds()));
      if (shortest == null || d.compareTo(shortest) < 0) shortest = d;
    }
    if (!tolerated) return Duration.ZERO;
    return shortest;
  }

  private void evict(Pod pod) {
    Pod copy = Copies.deep(pod);
    if (copy.getStatus() == null) copy.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    List<PodCondition> conditions = copy.getStatus().getConditions() == null ? new ArrayList<>()
        : new ArrayList<>(copy.getStatus().getConditions());
    conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
    conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
        .withReason("DeletionByTaintManager").withMessage("Taint manager: deleting due to NoExecute taint")
        .withLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()).build());
    copy.getStatus().setConditions(conditions);
    try {
      writer.patchStatus(copy);
    } catch (KubernetesClientException e) {
      // The condition is informative; a conflict or a vanished pod must not stop the eviction.
      if (e.getCode() != 409 && e.getCode() != 404) throw e;
    }
    events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + Keys.of(pod));
    writer.delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), null);
  }
}
