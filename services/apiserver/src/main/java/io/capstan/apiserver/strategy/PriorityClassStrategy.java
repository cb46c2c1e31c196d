package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * scheduling.k8s.io/v1 PriorityClass: preemptionPolicy PreemptLowerPriority; "system-" names
 * reserved for the two system classes; user values at most one billion; value and policy fixed.
 */
public final class PriorityClassStrategy implements ResourceStrategy {

  static final long HIGHEST_USER_PRIORITY = 1_000_000_000L;
  static final Map<String, Long> SYSTEM_CLASSES =
      Map.of("system-node-critical", 2_000_001_000L, "system-cluster-critical", 2_000_000_000L);

  @Override
  public void applyDefaults(ObjectNode obj) {
    Defaulting.stringIfBlank(obj, "preemptionPolicy", "PreemptLowerPriority");
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    String name = obj.path("metadata").path("name").asString("");
    long value = obj.path("value").asLong(0);
    if (name.startsWith("system-")) {
      String err = systemClassError(name, value, obj.path("globalDefault").asBoolean(false));
      if (err != null) {
        errs.add(FieldError.forbidden("metadata.name",
            "priority class names with 'system-' prefix are reserved for system use only. error: " + err));
      }
    } else if (value > HIGHEST_USER_PRIORITY) {
      errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is " + HIGHEST_USER_PRIORITY));
    }
    JsonNode policy = obj.get("preemptionPolicy");
    if (policy != null && !policy.isNull()) {
      String p = policy.asString("");
      if (!p.equals("PreemptLowerPriority") && !p.equals("Never")) {
        errs.add(FieldError.notSupported("preemptionPolicy", p, List.of("PreemptLowerPriority", "Never")));
      }
    }
    return errs;
  }

  private static String systemClassError(String name, long value, boolean globalDefault) {
    Long expected = SYSTEM_CLASSES.get(name);
    if (expected == null) return name + " is not a known system priority class";
    if (expected != value) return "value of " + name + " PriorityClass must be " + expected;
    if (globalDefault) return "globalDefault of " + name + " PriorityClass must be false";
    return null;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = new ArrayList<>();
    if (obj.path("value").asLong(0) != old.path("value").asLong(0)) {
      errs.add(FieldError.forbidden("value", "may not be changed in an update."));
    }
    WorkloadValidation.immutable(obj.get("preemptionPolicy"), old.get("preemptionPolicy"), "preemptionPolicy", errs);
    return errs;
  }
}
