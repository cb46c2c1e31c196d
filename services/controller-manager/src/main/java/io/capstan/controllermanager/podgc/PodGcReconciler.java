package io.capstan.controllermanager.podgc;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Pod garbage collection (Kubernetes' {@code podgc} controller), one pass every {@link #PERIOD}:
 * deletes at once (grace 0) pods bound to nodes that no longer exist (confirmed by a live read,
 * since the node cache may lag) and unscheduled pods that are terminating, and deletes the oldest
 * finished pods beyond {@code terminated-pod-gc-threshold} (0 or less: never).
 */
public final class PodGcReconciler implements Reconciler {
  public static final String NAME = "podgc";
  static final String KEY = "pods";
  static final Duration PERIOD = Duration.ofSeconds(20);

  private final Store<Pod> pods;
  private final Store<Node> nodes;
  private final ApiWriter writer;
  private final int terminatedThreshold;
  private final Predicate<String> namespaceScope;

  public PodGcReconciler(Store<Pod> pods, Store<Node> nodes, ApiWriter writer, int terminatedThreshold,
      Predicate<String> namespaceScope) {
    this.pods = pods;
    this.nodes = nodes;
    this.writer = writer;
    this.terminatedThreshold = terminatedThreshold;
    this.namespaceScope = namespaceScope;
  }

  public static Controller create(ControllerContext ctx, int terminatedThreshold) {
    Informer<Pod> ps = ctx.informers().informer(Pod.class, "/registry/pods");
    Informer<Node> ns = ctx.informers().informer(Node.class, "/registry/nodes");
    PodGcReconciler r = new PodGcReconciler(ps.store(), ns.store(), ctx.writer(), terminatedThreshold,
        ctx::inScope);
    // One periodic key: the pass looks at every pod (in scope) itself.
    Controller c = ctx.controller(NAME, r, key -> null);
    ns.addEventHandler(new io.capstan.client.informer.ResourceEventHandler<>() {
      @Override
      public void onDelete(Node n) {
        c.enqueue(KEY);
      }
    });
    c.enqueue(KEY);
    return c;
  }

  @Override
  public Result reconcile(String key) {
    List<Pod> inScope = pods.list().stream().filter(p -> namespaceScope.test(p.getMetadata().getNamespace())).toList();
    gcTerminated(inScope);
    gcOrphaned(inScope);
    gcUnscheduledTerminating(inScope);
    return Result.requeueAfter(PERIOD);
  }

  private void gcTerminated(List<Pod> all) {
    if (terminatedThreshold <= 0) return;
    List<Pod> finished = new ArrayList<>(all.stream()
        .filter(p -> !PodStates.isActive(p) && p.getMetadata().getDeletionTimestamp() == null).toList());
    int excess = finished.size() - terminatedThreshold;
    if (excess <= 0) return;
    finished.sort(Comparator.comparing((Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(p -> Keys.of(p)));
    for (Pod p : finished.subList(0, excess)) delete(p, false);
  }

  private void gcOrphaned(List<Pod> all) {
    for (Pod p : all) {
      String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
      if (node == null || node.isEmpty() || nodes.get(node).isPresent()) continue;
      if (writer.get("v1", "Node", null, node) != null) continue;
      delete(p, true);
    }
  }

  private void gcUnscheduledTerminating(List<Pod> all) {
    for (Pod p : all) {
      boolean unscheduled = p.getSpec() == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty();
      if (unscheduled && p.getMetadata().getDeletionTimestamp() != null) delete(p, true);
    }
  }

  private void delete(Pod p, boolean now) {
    try {
      if (now) writer.deleteNow(Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName());
      else writer.delete(Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName(), null);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
  }
}
