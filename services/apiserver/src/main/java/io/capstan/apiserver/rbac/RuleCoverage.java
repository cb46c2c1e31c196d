package io.capstan.apiserver.rbac;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a set of rules covers another (Kubernetes' {@code validation.Covers}): every requested
 * rule is broken into atomic rules (one verb, group, resource, name or URL) and each must be
 * allowed by some owner rule. A requested {@code *} is only covered by an owner {@code *}.
 */
public final class RuleCoverage {
  private RuleCoverage() {}

  /** The atomic rules of {@code requested} that {@code owner} does not cover (empty: covered). */
  public static List<PolicyRule> uncovered(List<PolicyRule> owner, List<PolicyRule> requested) {
    List<PolicyRule> missing = new ArrayList<>();
    for (PolicyRule rule : requested) {
      for (PolicyRule atom : breakdown(rule)) {
        if (owner.stream().noneMatch(o -> covers(o, atom))) missing.add(atom);
      }
    }
    return missing;
  }

  static List<PolicyRule> breakdown(PolicyRule r) {
    List<PolicyRule> out = new ArrayList<>();
    for (String verb : r.verbs()) {
      for (String group : r.apiGroups()) {
        for (String resource : r.resources()) {
          if (r.resourceNames().isEmpty()) {
            out.add(PolicyRule.resources(List.of(verb), List.of(group), List.of(resource)));
          } else {
            for (String name : r.resourceNames()) {
              out.add(PolicyRule.resources(List.of(verb), List.of(group), List.of(resource)).names(name));
            }
          }
        }
      }
      for (String url : r.nonResourceURLs()) out.add(PolicyRule.urls(List.of(verb), List.of(url)));
    }
    return out;
  }

  /** Owner rule {@code o} covers the atomic rule {@code a} (literal "*" in {@code a} needs "*" in {@code o}). */
  static boolean covers(PolicyRule o, PolicyRule a) {
    String verb = a.verbs().get(0);
    if (!o.verbs().contains(PolicyRule.ALL) && !o.verbs().contains(verb)) return false;
    if (!a.nonResourceURLs().isEmpty()) {
      String url = a.nonResourceURLs().get(0);
      for (String u : o.nonResourceURLs()) {
        if (u.equals(PolicyRule.ALL) || u.equals(url)) return true;
        if (u.endsWith("*") && url.startsWith(u.substring(0, u.length() - 1))) return true;
      }
      return false;
    }
    String group = a.apiGroups().get(0);
    if (!o.apiGroups().contains(PolicyRule.ALL) && !o.apiGroups().contains(group)) return false;
    String resource = a.resources().get(0);
    boolean resourceOk = o.resources().contains(PolicyRule.ALL) || o.resources().contains(resource);
    if (!resourceOk) {
      int slash = resource.indexOf('/');
      if (slash > 0) resourceOk = o.resources().contains("*" + resource.substring(slash));
    }
    if (!resourceOk) return false;
    if (o.resourceNames().isEmpty()) return true;
    return !a.resourceNames().isEmpty() && o.resourceNames().contains(a.resourceNames().get(0));
  }
}
