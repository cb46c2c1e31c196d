package io.capstan.apiserver.rbac;

import io.capstan.apiserver.authz.Attributes;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rbac.authorization.k8s.io/v1 PolicyRule, with Kubernetes' matching rules
 * ({@code rbac/v1 helpers: VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches,
 * NonResourceURLMatches}): {@code *} matches everything, {@code *}{@code /scale} any resource's
 * scale subresource, a URL ending in {@code *} a prefix.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
    List<String> resourceNames, List<String> nonResourceURLs) {

  public static final String ALL = "*";

  public PolicyRule {
    verbs = List.copyOf(verbs);
    apiGroups = List.copyOf(apiGroups);
    resources = List.copyOf(resources);
    resourceNames = List.copyOf(resourceNames);
    nonResourceURLs = List.copyOf(nonResourceURLs);
  }

  public static PolicyRule resources(List<String> verbs, List<String> groups, List<String> resources) {
    return new PolicyRule(verbs, groups, resources, List.of(), List.of());
  }

  public static PolicyRule urls(List<String> verbs, List<String> urls) {
    return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
  }

  public PolicyRule names(String... names) {
    return new PolicyRule(verbs, apiGroups, resources, List.of(names), nonResourceURLs);
  }

  public boolean allows(Attributes a) {
    if (a.resourceRequest()) {
      return verbMatches(a.verb()) && groupMatches(a.group())
          && resourceMatches(a.resource(), a.subresource()) && nameMatches(a.name());
    }
    return verbMatches(a.verb()) && urlMatches(a.path());
  }

  public boolean verbMatches(String verb) {
    for (String v : verbs) if (v.equals(ALL) || v.equals(verb)) return true;
    return false;
  }

  public boolean groupMatches(String group) {
    for (String g : apiGroups) if (g.equals(ALL) || g.equals(group)) return true;
    return false;
  }

  public boolean resourceMatches(String resource, String subresource) {
    String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
    for (String r : resources) {
      if (r.equals(ALL) || r.equals(combined)) return true;
      // "*/scale" matches the scale subresource of every resource
      if (!subresource.isEmpty() && r.length() == subresource.length() + 2 && r.startsWith("*/")
          && r.endsWith(subresource)) {
        return true;
      }
    }
    return false;
  }

  public boolean nameMatches(String name) {
    if (resourceNames.isEmpty()) return true;
    return !name.isEmpty() && resourceNames.contains(name);
  }

  public boolean urlMatches(String path) {
    for (String u : nonResourceURLs) {
      if (u.equals(ALL) || u.equals(path)) return true;
      if (u.endsWith("*") && path.startsWith(u.substring(0, u.length() - 1))) return true;
    }
    return false;
  }

  public static List<PolicyRule> fromJson(JsonNode rules) {
    List<PolicyRule> out = new ArrayList<>();
    if (rules == null || !rules.isArray()) return out;
    for (JsonNode r : rules) {
      out.add(new PolicyRule(strings(r.get("verbs")), strings(r.get("apiGroups")), strings(r.get("resources")),
          strings(r.get("resourceNames")), strings(r.get("nonResourceURLs"))));
    }
    return out;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    put(o, "verbs", verbs, true);
    put(o, "apiGroups", apiGroups, !resources.isEmpty());
    put(o, "resources", resources, false);
    put(o, "resourceNames", resourceNames, false);
    put(o, "nonResourceURLs", nonResourceURLs, false);
    return o;
  }

  private static void put(ObjectNode o, String field, List<String> values, boolean always) {
    if (values.isEmpty() && !always) return;
    ArrayNode a = o.putArray(field);
    values.forEach(a::add);
  }

  static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) n.forEach(v -> out.add(v.asString()));
    return out;
  }
}
