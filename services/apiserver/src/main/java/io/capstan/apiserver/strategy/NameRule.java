package io.capstan.apiserver.strategy;

import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rule an object's {@code metadata.name} follows (Kubernetes' {@code ValidateNameFunc}).
 * Most kinds use a DNS-1123 subdomain; namespaces and StatefulSets (whose name prefixes pod
 * hostnames) a DNS-1123 label; services a DNS-1035 label (the name becomes a DNS label that must
 * start with a letter); RBAC objects only a path segment.
 */
public enum NameRule {
  DNS1123_SUBDOMAIN,
  DNS1123_LABEL,
  DNS1035_LABEL,
  PATH_SEGMENT;

  /** The rule for a built-in resource; custom resources and unknown kinds use DNS-1123 subdomains. */
  public static NameRule forResource(String group, String plural) {
    return switch (group + "/" + plural) {
      case "/namespaces", "apps/statefulsets" -> DNS1123_LABEL;
      case "/services" -> DNS1035_LABEL;
      case "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles",
          "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings" -> PATH_SEGMENT;
      default -> DNS1123_SUBDOMAIN;
    };
  }

  /**
   * Every message for {@code name}; {@code prefix} is true for {@code generateName}, where a trailing
   * dash is allowed because a random suffix follows.
   */
  public List<String> check(String name, boolean prefix) {
    if (this == PATH_SEGMENT) return pathSegment(name, prefix);
    String n = prefix ? maskTrailingDash(name) : name;
    return switch (this) {
      case DNS1123_LABEL -> LabelValidation.isDNS1123Label(n);
      case DNS1035_LABEL -> LabelValidation.isDNS1035Label(n);
      default -> LabelValidation.isDNS1123Subdomain(n);
    };
  }

  /** Upstream's maskTrailingDash, quirk included: it drops two characters and appends "a". */
  static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) return name.substring(0, name.length() - 2) + "a";
    return name;
  }

  private static List<String> pathSegment(String name, boolean prefix) {
    List<String> errs = new ArrayList<>();
    if (!prefix) {
      if (name.equals(".") || name.equals("..")) return List.of("may not be '" + name + "'");
    }
    if (name.contains("/")) errs.add("may not contain '/'");
    if (name.contains("%")) errs.add("may not contain '%'");
    return errs;
  }
}
