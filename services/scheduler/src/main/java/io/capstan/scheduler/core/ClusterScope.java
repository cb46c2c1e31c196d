package io.capstan.scheduler.core;

import io.fabric8.kubernetes.api.model.Node;
import java.util.function.Predicate;

/**
 * The part of the cluster one scheduler instance looks after: pending pods in matching namespaces
 * and the nodes it may place them on. A production scheduler sees everything ({@link #ALL}); a
 * node pool's scheduler, or a test cluster sharing an apiserver with other tests, sees a slice.
 * Pods already bound anywhere still count on their nodes.
 */
public record ClusterScope(Predicate<String> namespaces, Predicate<Node> nodes) {
  public static final ClusterScope ALL = new ClusterScope(ns -> true, n -> true);

  /** Namespaces named {@code prefix-*} and nodes labelled {@code label=value}. */
  public static ClusterScope of(String namespacePrefix, String label, String value) {
    return new ClusterScope(ns -> ns.startsWith(namespacePrefix + "-"),
        n -> n.getMetadata().getLabels() != null && value.equals(n.getMetadata().getLabels().get(label)));
  }
}
