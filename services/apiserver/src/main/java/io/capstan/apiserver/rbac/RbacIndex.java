package io.capstan.apiserver.rbac;

import io.capstan.apiserver.security.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RBAC objects compiled for fast decisions: rules parsed once per change, and bindings indexed by
 * subject ({@code u:<user>}, {@code g:<group>}), so a decision visits only the bindings that name
 * the caller or one of its groups, however many bindings exist. Written by one thread (the
 * informers' handlers), read by every request thread.
 */
public final class RbacIndex {
  /** A compiled binding: which role it grants, in which namespace (empty for cluster bindings). */
  public record Binding(String key, String namespace, String roleKind, String roleName, List<String> subjectKeys) {}

  private final Map<String, List<PolicyRule>> roles = new ConcurrentHashMap<>();
  private final Map<String, List<PolicyRule>> clusterRoles = new ConcurrentHashMap<>();
  private final Map<String, Binding> clusterBindings = new ConcurrentHashMap<>();
  private final Map<String, Binding> roleBindings = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> clusterBindingsBySubject = new ConcurrentHashMap<>();
  /** namespace → subject key → binding keys. */
  private final Map<String, Map<String, Set<String>>> roleBindingsBySubject = new ConcurrentHashMap<>();

  // --- writes (informer handlers) ---

  public void putRole(ObjectNode role) {
    roles.put(key(role), PolicyRule.fromJson(role.get("rules")));
  }

  public void deleteRole(ObjectNode role) {
    roles.remove(key(role));
  }

  public void putClusterRole(ObjectNode role) {
    clusterRoles.put(key(role), PolicyRule.fromJson(role.get("rules")));
  }

  public void deleteClusterRole(ObjectNode role) {
    clusterRoles.remove(key(role));
  }

  public synchronized void putClusterRoleBinding(ObjectNode binding) {
    deleteClusterRoleBinding(binding);
    Binding b = compile(binding, "");
    clusterBindings.put(b.key(), b);
    for (String s : b.subjectKeys()) clusterBindingsBySubject.computeIfAbsent(s, k -> ConcurrentHashMap.newKeySet()).add(b.key());
  }

  public synchronized void deleteClusterRoleBinding(ObjectNode binding) {
    Binding old = clusterBindings.remove(key(binding));
    if (old == null) return;
    for (String s : old.subjectKeys()) {
      Set<String> set = clusterBindingsBySubject.get(s);
      if (set != null) set.remove(old.key());
    }
  }

  public synchronized void putRoleBinding(ObjectNode binding) {
    deleteRoleBinding(binding);
    String ns = namespace(binding);
    Binding b = compile(binding, ns);
    roleBindings.put(b.key(), b);
    Map<String, Set<String>> bySubject = roleBindingsBySubject.computeIfAbsent(ns, k -> new ConcurrentHashMap<>());
    for (String s : b.subjectKeys()) bySubject.computeIfAbsent(s, k -> ConcurrentHashMap.newKeySet()).add(b.key());
  }

  public synchronized void deleteRoleBinding(ObjectNode binding) {
    Binding old = roleBindings.remove(key(binding));
    if (old == null) return;
    Map<String, Set<String>> bySubject = roleBindingsBySubject.get(old.namespace());
    if (bySubject == null) return;
    for (String s : old.subjectKeys()) {
      Set<String> set = bySubject.get(s);
      if (set != null) set.remove(old.key());
    }
  }

  // --- reads ---

  /** Visits the cluster bindings, then the namespace's bindings, that name one of the user's subject keys. */
  public void visit(UserInfo user, String namespace, BindingVisitor visitor) {
    List<String> subjects = subjectKeys(user);
    for (String s : subjects) {
      Set<String> keys = clusterBindingsBySubject.get(s);
      if (keys == null) continue;
      for (String k : keys) {
        Binding b = clusterBindings.get(k);
        if (b != null && visitor.visit(b, rulesOf(b))) return;
      }
    }
    if (namespace == null || namespace.isEmpty()) return;
    Map<String, Set<String>> bySubject = roleBindingsBySubject.get(namespace);
    if (bySubject == null) return;
    for (String s : subjects) {
      Set<String> keys = bySubject.get(s);
      if (keys == null) continue;
      for (String k : keys) {
        Binding b = roleBindings.get(k);
        if (b != null && visitor.visit(b, rulesOf(b))) return;
      }
    }
  }

  /** Receives one binding and its role's rules; returns true to stop visiting. */
  @FunctionalInterface
  public interface BindingVisitor {
    boolean visit(Binding binding, List<PolicyRule> rules);
  }

  /** The rules of a role reference (empty when the role does not exist). */
  public List<PolicyRule> rulesOf(String roleKind, String namespace, String roleName) {
    List<PolicyRule> r = "Role".equals(roleKind) ? roles.get(namespace + "/" + roleName) : clusterRoles.get(roleName);
    return r == null ? List.of() : r;
  }

  public boolean roleExists(String roleKind, String namespace, String roleName) {
    return "Role".equals(roleKind) ? roles.containsKey(namespace + "/" + roleName) : clusterRoles.containsKey(roleName);
  }

  private List<PolicyRule> rulesOf(Binding b) {
    return rulesOf(b.roleKind(), b.namespace(), b.roleName());
  }

  static List<String> subjectKeys(UserInfo user) {
    List<String> keys = new ArrayList<>(user.groups().size() + 1);
    keys.add("u:" + user.name());
    for (String g : user.groups()) keys.add("g:" + g);
    return keys;
  }

  private static Binding compile(ObjectNode binding, String namespace) {
    JsonNode ref = binding.path("roleRef");
    List<String> subjects = new ArrayList<>();
    for (JsonNode s : binding.path("subjects")) {
      String kind = s.path("kind").asString("");
      String name = s.path("name").asString("");
      switch (kind) {
        case "User" -> subjects.add("u:" + name);
        case "Group" -> subjects.add("g:" + name);
        case "ServiceAccount" -> {
          String ns = s.path("namespace").asString("");
          if (ns.isEmpty()) ns = namespace;
          if (!ns.isEmpty()) subjects.add("u:" + UserInfo.SERVICE_ACCOUNT_PREFIX + ns + ":" + name);
        }
        default -> { } // unknown kinds match nobody, as in Kubernetes
      }
    }
    return new Binding(key(binding), namespace, ref.path("kind").asString(""), ref.path("name").asString(""), List.copyOf(subjects));
  }

  static String key(JsonNode obj) {
    String ns = namespace(obj);
    String name = obj.path("metadata").path("name").asString("");
    return ns.isEmpty() ? name : ns + "/" + name;
  }

  private static String namespace(JsonNode obj) {
    return obj.path("metadata").path("namespace").asString("");
  }

  public int bindingCount() {
    return clusterBindings.size() + roleBindings.size();
  }
}
