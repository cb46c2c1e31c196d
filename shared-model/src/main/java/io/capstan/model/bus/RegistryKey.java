package io.capstan.model.bus;

import java.util.Optional;
import java.util.Set;

/**
 * An etcd key of a stored Kubernetes object, split into its parts. The layout is
 * {@code /registry/[<group>/]<resource>/[<namespace>/]<name>}; the core group has no segment.
 *
 * <p>A first segment is a group when it contains a dot (every CRD group must) or is one of the
 * dotless built-in groups; core resource names never contain dots. Capstan's own bookkeeping
 * keys ({@code /registry/capstan/...}, allocation markers) are not objects and do not parse.
 *
 * @param storagePrefix the resource's key prefix without trailing slash ("/registry/apps/deployments")
 * @param namespace null for cluster-scoped objects
 */
public record RegistryKey(String storagePrefix, String group, String resource, String namespace, String name) {
  public static final String ROOT = "/registry/";
  private static final Set<String> DOTLESS_GROUPS = Set.of("apps", "batch", "autoscaling", "policy", "extensions");
  private static final String INTERNAL = "capstan";

  public static Optional<RegistryKey> parse(String key) {
    if (key == null || !key.startsWith(ROOT)) return Optional.empty();
    String[] parts = key.substring(ROOT.length()).split("/", -1);
    if (parts.length == 0 || parts[0].equals(INTERNAL)) return Optional.empty();
    int i = 0;
    String group = "";
    if (parts[0].contains(".") || DOTLESS_GROUPS.contains(parts[0])) {
      group = parts[0];
      i = 1;
    }
    int rest = parts.length - i - 1;
    if (rest != 1 && rest != 2) return Optional.empty();
    for (int j = i; j < parts.length; j++) {
      if (parts[j].isEmpty()) return Optional.empty();
    }
    String resource = parts[i];
    String prefix = ROOT + (group.isEmpty() ? "" : group + "/") + resource;
    return rest == 1
        ? Optional.of(new RegistryKey(prefix, group, resource, null, parts[i + 1]))
        : Optional.of(new RegistryKey(prefix, group, resource, parts[i + 1], parts[i + 2]));
  }

  /** The Kafka record key: {@code namespace/name}, or the name of a cluster-scoped object. */
  public String recordKey() {
    return namespace == null ? name : namespace + "/" + name;
  }

  /** The topic this object's changes are published to. */
  public String topic() {
    return BusTopics.forStoragePrefix(storagePrefix);
  }
}
