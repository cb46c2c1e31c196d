package io.capstan.scheduler.framework;

import java.util.Map;

/** Builds a plugin from its arguments (from the profile's configuration) and the framework handle. */
@FunctionalInterface
public interface PluginFactory {
  Plugin create(Map<String, Object> args, FrameworkHandle handle);
}
