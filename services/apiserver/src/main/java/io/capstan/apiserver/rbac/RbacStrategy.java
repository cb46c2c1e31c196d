package io.capstan.apiserver.rbac;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.apiserver.strategy.FieldError;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validation of rbac.authorization.k8s.io/v1 objects, as Kubernetes' {@code rbac/validation}. */
public final class RbacStrategy {
  private RbacStrategy() {}

  /** Role and ClusterRole: every rule needs verbs, and either resources (with apiGroups) or nonResourceURLs. */
  public static final class RoleStrategy implements ResourceStrategy {
    @Override
    public List<Cause> validate(ObjectNode role) {
      List<Cause> errors = new ArrayList<>();
      boolean namespaced = role.path("metadata").has("namespace")
          && !role.path("metadata").path("namespace").asString("").isEmpty();
      JsonNode rules = role.path("rules");
      for (int i = 0; i < rules.size(); i++) {
        JsonNode r = rules.get(i);
        String f = "rules[" + i + "]";
        if (r.path("verbs").isEmpty()) errors.add(FieldError.required(f + ".verbs", "verbs must contain at least one value"));
        boolean urls = !r.path("nonResourceURLs").isEmpty();
        boolean resources = !r.path("resources").isEmpty();
        if (urls && namespaced) {
          errors.add(FieldError.invalid(f + ".nonResourceURLs", PolicyRule.strings(r.get("nonResourceURLs")),
              "namespaced rules cannot apply to non-resource URLs"));
        }
        if (urls && resources) {
          errors.add(FieldError.invalid(f + ".nonResourceURLs", PolicyRule.strings(r.get("nonResourceURLs")),
              "rules cannot apply to both regular resources and non-resource URLs"));
        }
        if (!urls && !resources) {
          errors.add(FieldError.required(f, "resource rules must supply at least one api group"));
        } else if (resources && r.path("apiGroups").isEmpty()) {
          errors.add(FieldError.required(f + ".apiGroups", "resource rules must supply at least one api group"));
        }
      }
      return errors;
    }

    @Override
    public boolean hasStatus() {
      return false;
    }
  }

  /** RoleBinding and ClusterRoleBinding: a valid roleRef that never changes, and well-formed subjects. */
  public static final class BindingStrategy implements ResourceStrategy {
    private static final Set<String> SUBJECT_KINDS = Set.of("User", "Group", "ServiceAccount");
    private final boolean cluster;

    public BindingStrategy(boolean cluster) {
      this.cluster = cluster;
    }

    @Override
    public List<Cause> validate(ObjectNode binding) {
      List<Cause> errors = new ArrayList<>();
      JsonNode ref = binding.path("roleRef");
      String kind = ref.path("kind").asString("");
      if (!"rbac.authorization.k8s.io".equals(ref.path("apiGroup").asString(""))) {
        errors.add(FieldError.notSupported("roleRef.apiGroup", ref.path("apiGroup").asString(""),
            List.of("rbac.authorization.k8s.io")));
      }
      List<String> kinds = cluster ? List.of("ClusterRole") : List.of("Role", "ClusterRole");
      if (!kinds.contains(kind)) errors.add(FieldError.notSupported("roleRef.kind", kind, kinds));
      if (ref.path("name").asString("").isEmpty()) errors.add(FieldError.required("roleRef.name"));
      JsonNode subjects = binding.path("subjects");
      for (int i = 0; i < subjects.size(); i++) {
        JsonNode s = subjects.get(i);
        String f = "subjects[" + i + "]";
        String sk = s.path("kind").asString("");
        if (!SUBJECT_KINDS.contains(sk)) errors.add(FieldError.notSupported(f + ".kind", sk, List.copyOf(SUBJECT_KINDS)));
        if (s.path("name").asString("").isEmpty()) errors.add(FieldError.required(f + ".name"));
        if (sk.equals("ServiceAccount") && cluster && s.path("namespace").asString("").isEmpty()) {
          errors.add(FieldError.required(f + ".namespace"));
        }
      }
      return errors;
    }

    @Override
    public List<Cause> validateUpdate(ObjectNode binding, ObjectNode old) {
      List<Cause> errors = new ArrayList<>(validate(binding));
      if (!Objects.equals(binding.path("roleRef"), old.path("roleRef"))) {
        errors.add(FieldError.invalid("roleRef", binding.path("roleRef").toString(), "cannot change roleRef"));
      }
      return errors;
    }

    @Override
    public boolean hasStatus() {
      return false;
    }
  }
}
