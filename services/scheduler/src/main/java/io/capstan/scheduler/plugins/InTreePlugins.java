package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.PluginRegistry;

/** The registry of every in-tree plugin by its Kubernetes name. */
public final class InTreePlugins {
  private InTreePlugins() {}

  public static PluginRegistry registry() {
    return new PluginRegistry()
        .register(PrioritySort.NAME, (a, h) -> new PrioritySort())
        .register(NodeUnschedulable.NAME, (a, h) -> new NodeUnschedulable())
        .register(NodeName.NAME, (a, h) -> new NodeName())
        .register(TaintToleration.NAME, (a, h) -> new TaintToleration())
        .register(NodeAffinityPlugin.NAME, (a, h) -> new NodeAffinityPlugin())
        .register(NodePorts.NAME, (a, h) -> new NodePorts())
        .register(NodeResourcesFit.NAME, (a, h) -> new NodeResourcesFit(a))
        .register(NodeResourcesBalancedAllocation.NAME, (a, h) -> new NodeResourcesBalancedAllocation())
        .register(VolumeBinding.NAME, (a, h) -> new VolumeBinding())
        .register(PodTopologySpread.NAME, (a, h) -> new PodTopologySpread(h))
        .register(InterPodAffinity.NAME, (a, h) -> new InterPodAffinity(h))
        .register(ImageLocality.NAME, (a, h) -> new ImageLocality(h))
        .register(DefaultPreemption.NAME, (a, h) -> new DefaultPreemption(h))
        .register(DefaultBinder.NAME, (a, h) -> new DefaultBinder(h));
  }
}
