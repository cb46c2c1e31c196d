package io.capstan.controllermanager.nodelifecycle;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.SharedInformers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches node heartbeats (Kubernetes' node lifecycle controller): a node whose Lease in
 * {@code kube-node-lease} is not renewed, and whose agent posts no status, for the grace period gets
 * every condition {@code Unknown} ({@code NodeStatusUnknown}: "Kubelet stopped posting node
 * status."); its pods are marked {@code Ready=False}; and its taints follow its conditions
 * ({@link NodeTaints}), which the taint eviction controller turns into evictions. When the agent
 * posts {@code Ready=True} again the taints go. Heartbeats are judged by when this controller
 * saw them change, never by the remote clock, as in Kubernetes.
 */
public final class NodeLifecycleReconciler implements Reconciler {
  public static final String NAME = "nodelifecycle";
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

  private final Store<Node> nodes;
  private final Store<Lease> leases;
  private final Store<Pod> pods;
  private final ApiWriter writer;
  private final EventRecorder events;
  private final Clock clock;
  private final NodeLifecycleSettings settings;
  private final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();

  /** The last heartbeat seen of a node and when this controller saw it. */
  private record Heartbeat(String signature, Instant seenAt) {}

  public NodeLifecycleReconciler(Store<Node> nodes, Store<Lease> leases, Store<Pod> pods, ApiWriter writer,
      EventRecorder events, Clock clock, NodeLifecycleSettings settings) {
    this.nodes = nodes;
    this.leases = leases;
    this.pods = pods;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
  }

  public static Controller create(ControllerContext ctx, NodeLifecycleSettings settings) {
    Informer<Node> ns = ctx.informers().informer(Node.class, "/registry/nodes");
    Informer<Lease> ls = ctx.informers().informer(Lease.class, "/registry/coordination.k8s.io/leases");
    Informer<Pod> ps = ctx.informers().informer(Pod.class, "/registry/pods");
    NodeLifecycleReconciler r = new NodeLifecycleReconciler(ns.store(), ls.store(), ps.store(), ctx.writer(), ctx.events(),
        ctx.clock(), settings);
    // Node keys are cluster-scoped: the namespace scope does not apply, the node scope does (in reconcile).
    Controller c = ctx.controller(NAME, r, key -> null);
    ns.addEventHandler(c.enqueueOnChange(Keys::of));
    ls.addEventHandler(c.enqueueOnChange(l -> LEASE_NAMESPACE.equals(l.getMetadata().getNamespace())
        ? l.getMetadata().getName() : null));
    return c;
  }

  @Override
  public Result reconcile(String name) {
    Optional<Node> cached = nodes.get(name);
    if (cached.isEmpty()) {
      heartbeats.remove(name);
      return Result.done();
    }
    Node node = cached.get();
    if (!settings.nodeScope().test(node)) return Result.done();
    Instant now = clock.instant();
    Instant seen = observe(node, now);
    Instant deadline = seen.plus(settings.gracePeriod());
    Result result;
    if (!now.isBefore(deadline)) {
      node = markUnknown(node, now);
      result = Result.done();
    } else {
      result = Result.requeueAfter(Duration.between(now, deadline).plusMillis(100));
    }
    if (!"True".equals(NodeTaints.readyStatus(node))) markPodsNotReady(node, now);
    syncTaints(node, now);
    return result;
  }

  /** When this controller last saw the node's Lease renewal or status heartbeat change. */
  private Instant observe(Node node, Instant now) {
    String name = node.getMetadata().getName();
    Lease lease = leases.get(Keys.of(LEASE_NAMESPACE, name)).orElse(null);
    String renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? ""
        : lease.getSpec().getRenewTime().toString();
    String heartbeat = NodeTaints.condition(node, "Ready").map(NodeCondition::getLastHeartbeatTime).orElse("");
    String signature = renew + "|" + heartbeat;
    return heartbeats.compute(name, (k, old) -> old != null && old.signature().equals(signature) ? old
        : new Heartbeat(signature, now)).seenAt();
  }

  /** Every condition Unknown (added if never posted); returns the node as written. */
  private Node markUnknown(Node node, Instant now) {
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    Node copy = Copies.deep(node);
    if (copy.getStatus() == null) copy.setStatus(new NodeStatus());
    List<NodeCondition> conditions = copy.getStatus().getConditions() == null ? new ArrayList<>()
        : new ArrayList<>(copy.getStatus().getConditions());
    boolean changed = false;
    for (String type : CONDITIONS) {
      Optional<NodeCondition> c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst();
      if (c.isEmpty()) {
        conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason("NodeStatusNeverUpdated")
            .withMessage("Kubelet never posted node status.").withLastHeartbeatTime(stamp).withLastTransitionTime(stamp)
            .build());
        changed = true;
      } else if (!"Unknown".equals(c.get().getStatus())) {
        c.get().setStatus("Unknown");
        c.get().setReason("NodeStatusUnknown");
        c.get().setMessage("Kubelet stopped posting node status.");
        c.get().setLastTransitionTime(stamp);
        changed = true;
      }
    }
    if (!changed) return node;
    copy.getStatus().setConditions(conditions);
    Node written = writer.updateStatus(copy);
    events.normal(node, "NodeNotReady", "Node " + node.getMetadata().getName() + " status is now: NodeNotReady");
    return written == null ? copy : written;
  }

  /** Kubernetes' MarkPodsNotReady: pods on a node that is not ready are not ready either. */
  private void markPodsNotReady(Node node, Instant now) {
    for (Pod p : pods.byIndex(SharedInformers.BY_NODE, node.getMetadata().getName())) {
      if (!PodStates.isReady(p) || p.getMetadata().getDeletionTimestamp() != null) continue;
      Pod copy = Copies.deep(p);
      for (PodCondition c : copy.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) {
          c.setStatus("False");
          c.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
      }
      try {
        writer.updateStatus(copy);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) throw e;
      }
    }
  }

  private void syncTaints(Node node, Instant now) {
    List<Taint> want = NodeTaints.desired(node, now);
    List<Taint> have = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (NodeTaints.same(want, have)) return;
    Node copy = Copies.deep(node);
    if (copy.getSpec() == null) copy.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
    copy.getSpec().setTaints(want.isEmpty() ? null : want);
    writer.update(copy);
  }
}
