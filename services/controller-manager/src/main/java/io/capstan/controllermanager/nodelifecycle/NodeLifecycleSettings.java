package io.capstan.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * How the node lifecycle and taint eviction controllers judge nodes.
 *
 * @param gracePeriod how long a node may go without renewing its Lease (or posting status) before
 *     it is {@code Ready=Unknown} (kube-controller-manager's {@code --node-monitor-grace-period}, 40 s)
 * @param nodeScope the nodes these controllers act on: every node in production; tests narrow it so
 *     bare Node objects other tests create (with no agent renewing a Lease) are never tainted
 */
public record NodeLifecycleSettings(Duration gracePeriod, Predicate<Node> nodeScope) {

  public static NodeLifecycleSettings defaults() {
    return new NodeLifecycleSettings(Duration.ofSeconds(40), n -> true);
  }

  /** Nodes carrying {@code label=value} only. */
  public static Predicate<Node> labelled(String label, String value) {
    return n -> n.getMetadata().getLabels() != null && value.equals(n.getMetadata().getLabels().get(label));
  }

  public NodeLifecycleSettings withGracePeriod(Duration d) {
    return new NodeLifecycleSettings(d, nodeScope);
  }

  public NodeLifecycleSettings withNodeScope(Predicate<Node> scope) {
    return new NodeLifecycleSettings(gracePeriod, scope);
  }
}
