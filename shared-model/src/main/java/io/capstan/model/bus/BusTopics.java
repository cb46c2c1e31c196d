package io.capstan.model.bus;

/**
 * Topic names of the watch bus: one topic per resource, named after its etcd prefix so the relay
 * (which sees only keys) and a consumer (which knows its resource) agree without a registry.
 * {@code /registry/pods} → {@code capstan.registry.pods}; {@code /registry/apps/deployments} →
 * {@code capstan.registry.apps.deployments}.
 */
public final class BusTopics {
  public static final String PREFIX = "capstan.";

  private BusTopics() {}

  public static String forStoragePrefix(String storagePrefix) {
    String p = storagePrefix.startsWith("/") ? storagePrefix.substring(1) : storagePrefix;
    if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return PREFIX + p.replace('/', '.');
  }
}
