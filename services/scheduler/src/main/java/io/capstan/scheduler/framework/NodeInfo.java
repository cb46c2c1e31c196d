package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node and the pods on it (bound or assumed) with their summed requests and host ports
 * (Kubernetes' {@code NodeInfo}). Not thread-safe: the cache mutates its own copies under its
 * lock; a scheduling cycle reads snapshot clones, which nobody mutates while filters run.
 */
public final class NodeInfo {
  private static final AtomicLong GENERATION = new AtomicLong();

  private Node node;
  private final String name;
  private final List<PodInfo> pods = new ArrayList<>();
  private final Resource requested = new Resource();
  private final Resource nonZeroRequested = new Resource();
  private Resource allocatable = new Resource();
  private final Set<String> usedPorts = new HashSet<>();
  private int podsWithAffinity;
  private int podsWithRequiredAntiAffinity;
  private long generation = GENERATION.incrementAndGet();

  public NodeInfo(String name) {
    this.name = name;
  }

  public static NodeInfo of(Node node, PodInfo... pods) {
    NodeInfo n = new NodeInfo(node.getMetadata().getName());
    n.setNode(node);
    for (PodInfo p : pods) n.addPod(p);
    return n;
  }

  public String name() {
    return name;
  }

  /** Null when only pods refer to this node (its Node object is unknown or deleted). */
  public Node node() {
    return node;
  }

  public void setNode(Node node) {
    this.node = node;
    this.allocatable = node == null || node.getStatus() == null ? new Resource()
        : Resource.fromList(node.getStatus().getAllocatable() != null && !node.getStatus().getAllocatable().isEmpty()
            ? node.getStatus().getAllocatable() : node.getStatus().getCapacity());
    touch();
  }

  public List<PodInfo> pods() {
    return pods;
  }

  public Resource requested() {
    return requested;
  }

  public Resource nonZeroRequested() {
    return nonZeroRequested;
  }

  public Resource allocatable() {
    return allocatable;
  }

  public Set<String> usedPorts() {
    return usedPorts;
  }

  public boolean hasPodsWithAffinity() {
    return podsWithAffinity > 0;
  }

  public boolean hasPodsWithRequiredAntiAffinity() {
    return podsWithRequiredAntiAffinity > 0;
  }

  public long generation() {
    return generation;
  }

  public void addPod(PodInfo p) {
    pods.add(p);
    requested.add(p.requests());
    nonZeroRequested.add(p.nonZeroRequests());
    if (p.hasAffinity()) podsWithAffinity++;
    if (p.hasRequiredAntiAffinity()) podsWithRequiredAntiAffinity++;
    usedPorts.addAll(hostPorts(p));
    touch();
  }

  /** @return whether the pod (by namespace/name) was on this node */
  public boolean removePod(String key) {
    for (int i = 0; i < pods.size(); i++) {
      PodInfo p = pods.get(i);
      if (p.key().equals(key)) {
        pods.remove(i);
        requested.subtract(p.requests());
        nonZeroRequested.subtract(p.nonZeroRequests());
        if (p.hasAffinity()) podsWithAffinity--;
        if (p.hasRequiredAntiAffinity()) podsWithRequiredAntiAffinity--;
        usedPorts.clear();
        for (PodInfo other : pods) usedPorts.addAll(hostPorts(other));
        touch();
        return true;
      }
    }
    return false;
  }

  private void touch() {
    generation = GENERATION.incrementAndGet();
  }

  public NodeInfo copy() {
    NodeInfo c = new NodeInfo(name);
    c.node = node;
    c.allocatable = allocatable;
    c.pods.addAll(pods);
    c.requested.add(requested);
    c.nonZeroRequested.add(nonZeroRequested);
    c.usedPorts.addAll(usedPorts);
    c.podsWithAffinity = podsWithAffinity;
    c.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity;
    c.generation = generation;
    return c;
  }

  /** "protocol/hostIP/hostPort" for each declared host port; an empty IP means every address. */
  public static List<String> hostPorts(PodInfo p) {
    List<String> out = new ArrayList<>();
    for (Container c : p.pod().getSpec().getContainers()) {
      if (c.getPorts() == null) continue;
      for (ContainerPort port : c.getPorts()) {
        if (port.getHostPort() == null || port.getHostPort() <= 0) continue;
        String ip = port.getHostIP() == null || port.getHostIP().isEmpty() ? "0.0.0.0" : port.getHostIP();
        String proto = port.getProtocol() == null ? "TCP" : port.getProtocol();
        out.add(proto + "/" + ip + "/" + port.getHostPort());
      }
    }
    return out;
  }
}
