package io.capstan.apiserver.discovery;

import io.capstan.apiserver.node.MetricsApi;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents of every served resource, built from {@link ResourceCatalog#all()}:
 * aggregated {@code APIGroupDiscoveryList} for {@code /api} and {@code /apis}, and the legacy
 * {@code APIVersions}, {@code APIGroupList}, {@code APIGroup} and {@code APIResourceList}.
 * Built once and rebuilt after the catalog changes (a CRD was stored), so a new kind shows up in
 * both forms at once. Thread-safe.
 */
@Component
public class DiscoveryDocuments {

  /** A serialized document and its entity tag. */
  public record Document(byte[] json, String etag) {}

  static final String SERVER_ADDRESS = "127.0.0.1:6443";
  private static final List<String> GROUP_ORDER = List.of("", "apps", "batch");

  private final ResourceCatalog catalog;
  private final AtomicLong generation = new AtomicLong();
  private volatile Snapshot snapshot;

  public DiscoveryDocuments(ResourceCatalog catalog) {
    this.catalog = catalog;
    catalog.onChange(generation::incrementAndGet);
  }

  /** Aggregated discovery of the core group ({@code /api}); {@code version} is "v2" or "v2beta1". */
  public Document aggregatedCore(String version) {
    return current().aggregated(true, version);
  }

  /** Aggregated discovery of every named group ({@code /apis}). */
  public Document aggregatedGroups(String version) {
    return current().aggregated(false, version);
  }

  /** {@code /api}: APIVersions. */
  public Document apiVersions() {
    return current().apiVersions;
  }

  /** {@code /apis}: APIGroupList. */
  public Document apiGroupList() {
    return current().apiGroupList;
  }

  /** {@code /apis/{group}}: APIGroup, empty for a group not served. */
  public Optional<Document> apiGroup(String group) {
    return Optional.ofNullable(current().apiGroups.get(group));
  }

  /** {@code /api/v1} (group "") or {@code /apis/{group}/{version}}: APIResourceList. */
  public Optional<Document> apiResourceList(String group, String version) {
    return Optional.ofNullable(current().resourceLists.get(group + "/" + version));
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    long gen = generation.get();
    if (s != null && s.generation == gen) return s;
    // Read the generation before the catalog: a change during the build leaves the snapshot
    // marked stale, and the next call builds again.
    Snapshot built = new Snapshot(gen, groups());
    snapshot = built;
    return built;
  }

  /** group → version → resources, groups in discovery order, versions preferred first. */
  private Map<String, Map<String, List<ResourceType>>> groups() {
    Map<String, Map<String, List<ResourceType>>> byGroup = new LinkedHashMap<>();
    for (String g : GROUP_ORDER) byGroup.put(g, new LinkedHashMap<>());
    catalog.all().forEach(s -> byGroup.computeIfAbsent(s.type().group(), g -> new LinkedHashMap<>())
        .computeIfAbsent(s.type().version(), v -> new ArrayList<>()).add(s.type()));
    // Served by a controller of its own from the node agents, not stored: only discovery lists it.
    MetricsApi.types().forEach(t -> byGroup.computeIfAbsent(t.group(), g -> new LinkedHashMap<>())
        .computeIfAbsent(t.version(), v -> new ArrayList<>()).add(t));
    Map<String, Map<String, List<ResourceType>>> out = new LinkedHashMap<>();
    byGroup.forEach((group, versions) -> {
      if (versions.isEmpty()) return;
      Map<String, List<ResourceType>> sorted = new LinkedHashMap<>();
      versions.keySet().stream().sorted(KubeVersionOrder.INSTANCE).forEach(v -> {
        List<ResourceType> types = new ArrayList<>(versions.get(v));
        types.sort(Comparator.comparing(ResourceType::plural));
        sorted.put(v, types);
      });
      out.put(group, sorted);
    });
    return out;
  }

  private static final class Snapshot {
    final long generation;
    final Map<String, Document> aggregatedCore = new LinkedHashMap<>();
    final Map<String, Document> aggregatedGroups = new LinkedHashMap<>();
    final Document apiVersions;
    final Document apiGroupList;
    final Map<String, Document> apiGroups = new LinkedHashMap<>();
    final Map<String, Document> resourceLists = new LinkedHashMap<>();

    Snapshot(long generation, Map<String, Map<String, List<ResourceType>>> groups) {
      this.generation = generation;
      for (String v : DiscoveryMediaTypes.AGGREGATED_VERSIONS) {
        aggregatedCore.put(v, document(AggregatedDiscovery.list(v, groups, true)));
        aggregatedGroups.put(v, document(AggregatedDiscovery.list(v, groups, false)));
      }
      apiVersions = document(LegacyDiscovery.apiVersions(SERVER_ADDRESS));
      ArrayNode groupList = Json.object().putArray("groups");
      groups.forEach((group, versions) -> {
        versions.forEach((version, types) ->
            resourceLists.put(group + "/" + version, document(LegacyDiscovery.resourceList(group, version, types))));
        if (group.isEmpty()) return;
        ObjectNode g = LegacyDiscovery.apiGroup(group, new ArrayList<>(versions.keySet()));
        apiGroups.put(group, document(g));
        ObjectNode entry = g.deepCopy();
        entry.remove("kind");
        entry.remove("apiVersion");
        groupList.add(entry);
      });
      ObjectNode list = Json.object();
      list.put("kind", "APIGroupList");
      list.put("apiVersion", "v1");
      list.set("groups", groupList);
      apiGroupList = document(list);
    }

    Document aggregated(boolean core, String version) {
      Document d = (core ? aggregatedCore : aggregatedGroups).get(version);
      if (d == null) throw new IllegalArgumentException("unsupported aggregated discovery version " + version);
      return d;
    }

    private static Document document(ObjectNode node) {
      byte[] json = Json.MAPPER.writeValueAsBytes(node);
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
        return new Document(json, "\"" + HexFormat.of().withUpperCase().formatHex(digest) + "\"");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Names of a resource's subresources in the order Kubernetes lists them. */
  static List<String> subresources(ResourceType type) {
    return new ArrayList<>(new TreeSet<>(type.subresources()));
  }
}
