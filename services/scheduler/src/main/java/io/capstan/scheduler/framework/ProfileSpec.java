package io.capstan.scheduler.framework;

import java.util.List;
import java.util.Map;

/**
 * A named plugin set (Kubernetes' KubeSchedulerProfile), from Spring configuration.
 * @param schedulerName pods with this spec.schedulerName use this profile
 * @param plugins plugin names in order; empty means {@link PluginRegistry#DEFAULT_PLUGINS}
 * @param disabled names removed from {@code plugins}
 * @param weights score weights by plugin name (default: Kubernetes' weights, else 1)
 * @param args per-plugin arguments
 */
public record ProfileSpec(String schedulerName, List<String> plugins, List<String> disabled,
    Map<String, Integer> weights, Map<String, Map<String, Object>> args) {

  public static ProfileSpec defaults(String schedulerName) {
    return new ProfileSpec(schedulerName, List.of(), List.of(), Map.of(), Map.of());
  }
}
