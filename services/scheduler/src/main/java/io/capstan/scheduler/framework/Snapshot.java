package io.capstan.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling cycle sees it: node infos cloned from the cache, refreshed
 * incrementally by generation (Kubernetes' cache snapshot). Read-only during a cycle.
 */
public final class Snapshot {
  /** The scheduler writes the cycle's snapshot to the CycleState under this key (PostFilter reads it). */
  public static final String STATE_KEY = "framework/snapshot";
  private final Map<String, NodeInfo> byName = new HashMap<>();
  private List<NodeInfo> nodes = List.of();
  private List<NodeInfo> withAffinity = List.of();
  private List<NodeInfo> withRequiredAntiAffinity = List.of();
  private Map<String, Integer> imageNodeCounts = Map.of();
  private long generation;

  public static Snapshot of(List<NodeInfo> infos) {
    Snapshot s = new Snapshot();
    for (NodeInfo n : infos) s.byName.put(n.name(), n);
    s.rebuildLists();
    return s;
  }

  public List<NodeInfo> nodes() {
    return nodes;
  }

  public NodeInfo get(String name) {
    return byName.get(name);
  }

  public List<NodeInfo> nodesWithPodsWithAffinity() {
    return withAffinity;
  }

  public List<NodeInfo> nodesWithPodsWithRequiredAntiAffinity() {
    return withRequiredAntiAffinity;
  }

  /** Normalised image name → number of nodes that report it (ImageLocality's spread factor). */
  public int nodesWithImage(String image) {
    return imageNodeCounts.getOrDefault(image, 0);
  }

  public long generation() {
    return generation;
  }

  public Map<String, NodeInfo> mutableMap() {
    return byName;
  }

  public void setGeneration(long generation) {
    this.generation = generation;
  }

  /** Lists only nodes with a Node object; pods may refer to nodes the cache has not seen yet. */
  public void rebuildLists() {
    List<NodeInfo> all = new ArrayList<>(byName.size());
    List<NodeInfo> aff = new ArrayList<>();
    List<NodeInfo> anti = new ArrayList<>();
    Map<String, Integer> images = new HashMap<>();
    for (NodeInfo n : byName.values()) {
      if (n.node() == null) continue;
      all.add(n);
      if (n.hasPodsWithAffinity()) aff.add(n);
      if (n.hasPodsWithRequiredAntiAffinity()) anti.add(n);
      if (n.node().getStatus() != null && n.node().getStatus().getImages() != null) {
        n.node().getStatus().getImages().forEach(img -> {
          if (img.getNames() != null) img.getNames().forEach(name -> images.merge(ImageNames.normalize(name), 1, Integer::sum));
        });
      }
    }
    all.sort((a, b) -> a.name().compareTo(b.name()));
    nodes = all;
    withAffinity = aff;
    withRequiredAntiAffinity = anti;
    imageNodeCounts = images;
  }
}
