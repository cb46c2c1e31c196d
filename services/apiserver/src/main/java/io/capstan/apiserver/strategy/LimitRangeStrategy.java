package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 LimitRange: {@code SetDefaults_LimitRangeItem} for container limits; types and quantities checked. */
public final class LimitRangeStrategy implements ResourceStrategy {

  static final List<String> TYPES = List.of("Container", "PersistentVolumeClaim", "Pod");

  @Override
  public void applyDefaults(ObjectNode obj) {
    for (ObjectNode item : Defaulting.objects(Defaulting.child(obj, "spec"), "limits")) {
      if (!item.path("type").asString("").equals("Container")) continue;
      ObjectNode def = Defaulting.child(item, "default");
      ObjectNode defRequest = Defaulting.child(item, "defaultRequest");
      copyMissing(item.get("max"), def);
      copyMissing(def, defRequest);
      copyMissing(item.get("min"), defRequest);
    }
  }

  private static void copyMissing(JsonNode from, ObjectNode to) {
    if (from == null || !from.isObject()) return;
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      if (!to.has(e.getKey())) to.set(e.getKey(), e.getValue().deepCopy());
    }
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    List<JsonNode> limits = PodSpecValidation.list(obj.path("spec"), "limits");
    for (int i = 0; i < limits.size(); i++) {
      JsonNode item = limits.get(i);
      String p = "spec.limits[" + i + "]";
      String type = item.path("type").asString("");
      if (type.isEmpty()) {
        errs.add(FieldError.required(p + ".type"));
      } else if (!TYPES.contains(type)) {
        errs.add(FieldError.notSupported(p + ".type", type, TYPES));
      }
      for (String list : List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")) {
        for (Map.Entry<String, JsonNode> e : item.path(list).properties()) {
          if (Quantity.parse(e.getValue()) == null) {
            errs.add(FieldError.invalid(p + "." + list + "[" + e.getKey() + "]", Quantity.text(e.getValue()),
                Quantity.FORMAT_ERROR));
          }
        }
      }
    }
    return errs;
  }
}
