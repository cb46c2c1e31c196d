package io.capstan.scheduler.framework;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plugin name → factory (Kubernetes' {@code registry.go}); out-of-tree plugins register here too. */
public final class PluginRegistry {
  /** The default profile's plugins, in Kubernetes' order. */
  public static final List<String> DEFAULT_PLUGINS = List.of("PrioritySort", "NodeUnschedulable", "NodeName",
      "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread",
      "InterPodAffinity", "DefaultPreemption", "NodeResourcesBalancedAllocation", "ImageLocality", "DefaultBinder");
  /** Kubernetes' default score weights; unlisted scoring plugins weigh 1. */
  public static final Map<String, Integer> DEFAULT_WEIGHTS = Map.of("TaintToleration", 3, "NodeAffinity", 2,
      "PodTopologySpread", 2, "InterPodAffinity", 2, "NodeResourcesFit", 1, "NodeResourcesBalancedAllocation", 1,
      "ImageLocality", 1);

  private final Map<String, PluginFactory> factories = new LinkedHashMap<>();

  public PluginRegistry register(String name, PluginFactory factory) {
    if (factories.putIfAbsent(name, factory) != null) throw new IllegalArgumentException("plugin " + name + " registered twice");
    return this;
  }

  public PluginFactory factory(String name) {
    PluginFactory f = factories.get(name);
    if (f == null) throw new IllegalArgumentException("unknown scheduler plugin " + name + "; known: " + factories.keySet());
    return f;
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(factories.keySet());
  }
}
