package io.capstan.scheduler.cache;

import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Nodes and the pods on them, fed by informers, plus pods the scheduler assumed onto a node
 * before their binding is confirmed (Kubernetes' scheduler cache). An assumed pod counts on its
 * node at once, so the next cycle does not wait for the bind round trip; when the informer sees
 * the bound pod the assumption is confirmed, and a binding that failed is forgotten. An assumption
 * whose binding finished but never showed up expires after {@code assumedTtl}.
 */
public final class SchedulerCache {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, NodeInfo> nodes = new HashMap<>();
  /** pod key → node name, for every pod in the cache. */
  private final Map<String, String> podNodes = new HashMap<>();
  /** assumed pod key → expiry (Long.MAX_VALUE until binding finished). */
  private final Map<String, Long> assumed = new HashMap<>();
  private final LongSupplier clock;
  private final Duration assumedTtl;
  private boolean nodeSetChanged = true;

  public SchedulerCache(LongSupplier clockMillis, Duration assumedTtl) {
    this.clock = clockMillis;
    this.assumedTtl = assumedTtl;
  }

  public void addOrUpdateNode(Node node) {
    lock.lock();
    try {
      NodeInfo n = nodes.computeIfAbsent(node.getMetadata().getName(), NodeInfo::new);
      if (n.node() == null) nodeSetChanged = true;
      n.setNode(node);
    } finally {
      lock.unlock();
    }
  }

  public void removeNode(String name) {
    lock.lock();
    try {
      NodeInfo n = nodes.get(name);
      if (n == null) return;
      // Pods still bound there keep their NodeInfo until they are deleted too.
      if (n.pods().isEmpty()) nodes.remove(name);
      else n.setNode(null);
      nodeSetChanged = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The node as this cache last saw it, empty when it has not seen it (or saw it deleted). Its
   * informer may lag the apiserver: tests wait here, as Kubernetes' integration tests wait for
   * nodes in the scheduler's cache, before creating the pods whose placement they check.
   */
  public Optional<Node> node(String name) {
    lock.lock();
    try {
      NodeInfo n = nodes.get(name);
      return Optional.ofNullable(n == null ? null : n.node());
    } finally {
      lock.unlock();
    }
  }

  public int nodeCount() {
    lock.lock();
    try {
      return (int) nodes.values().stream().filter(n -> n.node() != null).count();
    } finally {
      lock.unlock();
    }
  }

  /** The scheduler's optimistic placement: counts on the node until confirmed or forgotten. */
  public void assume(PodInfo pod, String nodeName) {
    lock.lock();
    try {
      if (podNodes.containsKey(pod.key())) throw new IllegalStateException("pod " + pod.key() + " is already in the cache");
      place(pod, nodeName);
      assumed.put(pod.key(), Long.MAX_VALUE);
    } finally {
      lock.unlock();
    }
  }

  public void finishBinding(String key) {
    lock.lock();
    try {
      assumed.computeIfPresent(key, (k, v) -> clock.getAsLong() + assumedTtl.toMillis());
    } finally {
      lock.unlock();
    }
  }

  /** Undoes an assumption whose binding failed. */
  public void forget(String key) {
    lock.lock();
    try {
      if (assumed.remove(key) != null) unplace(key);
    } finally {
      lock.unlock();
    }
  }

  public boolean isAssumed(String key) {
    lock.lock();
    try {
      return assumed.containsKey(key);
    } finally {
      lock.unlock();
    }
  }

  /** A bound pod from the informer (new, updated, or confirming an assumption). */
  public void addOrUpdatePod(PodInfo pod) {
    lock.lock();
    try {
      assumed.remove(pod.key());
      unplace(pod.key());
      place(pod, pod.pod().getSpec().getNodeName());
    } finally {
      lock.unlock();
    }
  }

  public void removePod(String key) {
    lock.lock();
    try {
      assumed.remove(key);
      unplace(key);
    } finally {
      lock.unlock();
    }
  }

  public void cleanupExpiredAssumedPods() {
    lock.lock();
    try {
      long now = clock.getAsLong();
      for (Iterator<Map.Entry<String, Long>> it = assumed.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> e = it.next();
        if (e.getValue() <= now) {
          it.remove();
          unplace(e.getKey());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void place(PodInfo pod, String nodeName) {
    nodes.computeIfAbsent(nodeName, NodeInfo::new).addPod(pod);
    podNodes.put(pod.key(), nodeName);
  }

  private void unplace(String key) {
    String nodeName = podNodes.remove(key);
    if (nodeName == null) return;
    NodeInfo n = nodes.get(nodeName);
    if (n == null) return;
    n.removePod(key);
    if (n.node() == null && n.pods().isEmpty()) {
      nodes.remove(nodeName);
      nodeSetChanged = true;
    }
  }

  /** Brings {@code snapshot} up to date, cloning only node infos changed since its last update. */
  public void updateSnapshot(Snapshot snapshot) {
    lock.lock();
    try {
      long newest = snapshot.generation();
      boolean changed = false;
      Map<String, NodeInfo> target = snapshot.mutableMap();
      for (NodeInfo n : nodes.values()) {
        if (n.generation() > snapshot.generation()) {
          target.put(n.name(), n.copy());
          newest = Math.max(newest, n.generation());
          changed = true;
        }
      }
      if (nodeSetChanged) {
        target.keySet().retainAll(nodes.keySet());
        nodeSetChanged = false;
        changed = true;
      }
      snapshot.setGeneration(newest);
      if (changed) snapshot.rebuildLists();
    } finally {
      lock.unlock();
    }
  }
}
