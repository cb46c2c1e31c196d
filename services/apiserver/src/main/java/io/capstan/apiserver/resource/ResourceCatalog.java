package io.capstan.apiserver.resource;

import io.capstan.apiserver.crd.CustomResourceDefinitionStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Every resource the server serves right now: the built-ins plus one entry per established
 * CustomResourceDefinition version. Discovery, routing and OpenAPI read it; the CRD registry
 * writes it the moment a CRD is stored, so a new kind is served at once.
 */
@Component
public class ResourceCatalog {

  /** A served resource with the behaviour attached to it. */
  public record Served(ResourceType type, ResourceStrategy strategy) {}

  private final List<Served> builtins = new ArrayList<>();
  /** CRD name → its served versions. */
  private final Map<String, List<Served>> custom = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Snapshot rebuilt on every change, so request routing reads it without locks. */
  private volatile List<Served> all = List.of();
  private volatile Map<String, Served> byPath = Map.of();

  public ResourceCatalog() {
    for (ResourceType t : BuiltinResources.all()) {
      ResourceStrategy strategy = t.group().equals("apiextensions.k8s.io")
          ? new CustomResourceDefinitionStrategy() : Strategies.forResource(t.group(), t.plural());
      builtins.add(new Served(t, strategy));
    }
    rebuild();
  }

  /** All served resources, built-ins first, in a stable order. */
  public List<Served> all() {
    return all;
  }

  public Optional<Served> find(String group, String version, String plural) {
    return Optional.ofNullable(byPath.get(group + "/" + version + "/" + plural));
  }

  private synchronized void rebuild() {
    List<Served> out = new ArrayList<>(builtins);
    custom.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.addAll(e.getValue()));
    Map<String, Served> index = new java.util.HashMap<>();
    for (Served s : out) {
      ResourceType t = s.type();
      index.putIfAbsent(t.group() + "/" + t.version() + "/" + t.plural(), s);
    }
    all = List.copyOf(out);
    byPath = Map.copyOf(index);
  }

  /** True when some version of the group is served (to tell "unknown group" from "unknown resource"). */
  public boolean servesGroupVersion(String group, String version) {
    return all().stream().anyMatch(s -> s.type().group().equals(group) && s.type().version().equals(version));
  }

  /** Replace the served versions of one CRD (empty list removes it) and tell listeners. */
  public void putCustom(String crdName, List<Served> versions) {
    if (versions.isEmpty()) custom.remove(crdName);
    else custom.put(crdName, List.copyOf(versions));
    rebuild();
    listeners.forEach(Runnable::run);
  }

  /** Called after every change of the served set (discovery and OpenAPI caches drop their copy). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
