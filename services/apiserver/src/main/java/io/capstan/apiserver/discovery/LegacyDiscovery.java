package io.capstan.apiserver.discovery;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.util.List;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-group-version discovery documents kubectl falls back to, and which {@code auth can-i}
 * always reads: APIVersions, APIGroup(List) and APIResourceList with one entry per resource and
 * one per subresource ({@code deployments/scale}), sorted by name as Kubernetes sorts them.
 */
final class LegacyDiscovery {
  private LegacyDiscovery() {}

  static ObjectNode apiVersions(String serverAddress) {
    ObjectNode v = Json.object();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    ObjectNode cidr = v.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return v;
  }

  /** An APIGroup; {@code versions} preferred first. */
  static ObjectNode apiGroup(String group, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    g.put("name", group);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) vs.add(groupVersion(group, v));
    g.set("preferredVersion", groupVersion(group, versions.get(0)));
    return g;
  }

  private static ObjectNode groupVersion(String group, String version) {
    ObjectNode gv = Json.object();
    gv.put("groupVersion", group + "/" + version);
    gv.put("version", version);
    return gv;
  }

  /** The APIResourceList of one group version; {@code types} sorted by plural. */
  static ObjectNode resourceList(String group, String version, List<ResourceType> types) {
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    // Kubernetes omits apiVersion on /api/v1 only.
    if (!group.isEmpty()) list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    // Kubernetes sorts resources and subresources together by name ("pods", "pods/exec", "podtemplates").
    TreeMap<String, ObjectNode> byName = new TreeMap<>();
    for (ResourceType t : types) {
      ObjectNode r = Json.object();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      strings(r, "verbs", t.verbs());
      if (!t.shortNames().isEmpty()) strings(r, "shortNames", t.shortNames());
      if (!t.categories().isEmpty()) strings(r, "categories", t.categories());
      byName.put(t.plural(), r);
      for (String name : DiscoveryDocuments.subresources(t)) {
        SubresourceDiscovery s = SubresourceDiscovery.of(t, name);
        ObjectNode sr = Json.object();
        sr.put("name", t.plural() + "/" + name);
        sr.put("singularName", "");
        sr.put("namespaced", t.namespaced());
        if (!s.group().isEmpty() || !s.version().isEmpty()) {
          sr.put("group", s.group());
          sr.put("version", s.version());
        }
        sr.put("kind", s.kind());
        strings(sr, "verbs", s.verbs());
        byName.put(t.plural() + "/" + name, sr);
      }
    }
    ArrayNode resources = list.putArray("resources");
    byName.values().forEach(resources::add);
    return list;
  }

  static void strings(ObjectNode parent, String field, List<String> values) {
    ArrayNode arr = parent.putArray(field);
    values.forEach(arr::add);
  }
}
