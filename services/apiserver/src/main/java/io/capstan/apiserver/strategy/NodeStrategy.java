package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Node: allocatable defaults to capacity; taints, pod CIDRs and resource lists validated. */
public final class NodeStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode status = Defaulting.childIfPresent(obj, "status");
    if (status == null) return;
    JsonNode capacity = status.get("capacity");
    if (Defaulting.unset(status, "allocatable") && capacity != null && capacity.isObject()) {
      status.set("allocatable", capacity.deepCopy());
    }
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    List<JsonNode> taints = PodSpecValidation.list(spec, "taints");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      JsonNode t = taints.get(i);
      String p = "spec.taints[" + i + "]";
      String key = t.path("key").asString("");
      for (String msg : LabelValidation.isQualifiedName(key)) errs.add(FieldError.invalid(p + ".key", key, msg));
      String value = t.path("value").asString("");
      for (String msg : LabelValidation.isLabelValue(value)) errs.add(FieldError.invalid(p + ".value", value, msg));
      String effect = t.path("effect").asString("");
      if (effect.isEmpty()) {
        errs.add(FieldError.required(p + ".effect"));
      } else if (!PodSpecValidation.TAINT_EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(p + ".effect", effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
      }
      if (!seen.add(key + ":" + effect)) {
        errs.add(FieldError.duplicate("spec.taints", "taints must be unique by key and effect pair"));
      }
    }
    String podCidr = spec.path("podCIDR").asString("");
    if (!podCidr.isEmpty() && !isCidr(podCidr)) {
      errs.add(FieldError.invalid("spec.podCIDR", podCidr, "must be a valid CIDR"));
    }
    for (String list : List.of("capacity", "allocatable")) {
      JsonNode resources = obj.path("status").path(list);
      for (Map.Entry<String, JsonNode> e : resources.properties()) {
        if (Quantity.parse(e.getValue()) == null) {
          errs.add(FieldError.invalid("status." + list + "[" + e.getKey() + "]", Quantity.text(e.getValue()),
              Quantity.FORMAT_ERROR));
        }
      }
    }
    return errs;
  }

  private static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) return false;
    try {
      int bits = Integer.parseInt(s.substring(slash + 1));
      String ip = s.substring(0, slash);
      return FieldRules.isIP(ip) && bits >= 0 && bits <= (ip.contains(":") ? 128 : 32);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
