package io.capstan.apiserver.discovery;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregated discovery document ({@code apidiscovery.k8s.io APIGroupDiscoveryList}). As in
 * Kubernetes, a resource's responseKind names group and version only when they differ from the
 * resource's own (subresources such as scale); otherwise they are empty.
 */
final class AggregatedDiscovery {
  private AggregatedDiscovery() {}

  /** The list for the core group ({@code core} true, served on /api) or for all other groups (/apis). */
  static ObjectNode list(String discoveryVersion, Map<String, Map<String, List<ResourceType>>> groups,
      boolean core) {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupDiscoveryList");
    list.put("apiVersion", DiscoveryMediaTypes.DISCOVERY_GROUP + "/" + discoveryVersion);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    groups.forEach((group, versions) -> {
      if (group.isEmpty() != core) return;
      ObjectNode item = items.addObject();
      ObjectNode meta = item.putObject("metadata");
      if (!group.isEmpty()) meta.put("name", group);
      ArrayNode vs = item.putArray("versions");
      versions.forEach((version, types) -> {
        ObjectNode v = vs.addObject();
        v.put("version", version);
        ArrayNode resources = v.putArray("resources");
        types.forEach(t -> resources.add(resource(t)));
        v.put("freshness", "Current");
      });
    });
    return list;
  }

  static ObjectNode resource(ResourceType t) {
    ObjectNode r = Json.object();
    r.put("resource", t.plural());
    r.set("responseKind", kind("", "", t.kind()));
    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", t.singular());
    LegacyDiscovery.strings(r, "verbs", t.verbs());
    if (!t.shortNames().isEmpty()) LegacyDiscovery.strings(r, "shortNames", t.shortNames());
    if (!t.categories().isEmpty()) LegacyDiscovery.strings(r, "categories", t.categories());
    List<String> subs = DiscoveryDocuments.subresources(t);
    if (!subs.isEmpty()) {
      ArrayNode arr = r.putArray("subresources");
      for (String name : subs) {
        SubresourceDiscovery s = SubresourceDiscovery.of(t, name);
        ObjectNode sn = arr.addObject();
        sn.put("subresource", s.name());
        sn.set("responseKind", kind(s.group(), s.version(), s.kind()));
        LegacyDiscovery.strings(sn, "verbs", s.verbs());
      }
    }
    return r;
  }

  private static ObjectNode kind(String group, String version, String kind) {
    ObjectNode k = Json.object();
    k.put("group", group);
    k.put("version", version);
    k.put("kind", kind);
    return k;
  }
}
