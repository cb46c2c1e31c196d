package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 Pod: the pod defaults ({@code SetDefaults_Pod}, {@code SetDefaults_PodSpec}, containers,
 * volumes, probes), {@code ValidatePodCreate}, and the update rule that a pod's spec is fixed
 * except images, activeDeadlineSeconds, added tolerations and terminationGracePeriodSeconds.
 */
public final class PodStrategy implements ResourceStrategy {

  static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than "
      + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
      + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
      + "(allow it to be set to 1 if it was previously negative)";

  @Override
  public void applyDefaults(ObjectNode obj) {
    PodSpecDefaults.applyToPod(obj);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    return PodSpecValidation.validateSpec(obj.path("spec"), "spec", true);
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    // The spec of an existing pod already passed create validation; only the update rules apply,
    // plus full validation of what may change (ephemeral containers come via their subresource).
    List<Cause> errs = new java.util.ArrayList<>(PodSpecValidation.validateSpec(obj.path("spec"), "spec", false));
    JsonNode newSpec = obj.path("spec");
    JsonNode oldSpec = old.path("spec");
    JsonNode newDeadline = newSpec.get("activeDeadlineSeconds");
    JsonNode oldDeadline = oldSpec.get("activeDeadlineSeconds");
    if (oldDeadline != null && oldDeadline.isNumber()) {
      if (newDeadline == null || newDeadline.isNull()) {
        errs.add(FieldError.invalid("spec.activeDeadlineSeconds", null,
            "must not update from a positive integer to nil value"));
      } else if (newDeadline.asLong() > oldDeadline.asLong()) {
        errs.add(FieldError.invalid("spec.activeDeadlineSeconds", newDeadline.asLong(),
            "must be less than or equal to previous value"));
      }
    }
    for (JsonNode t : PodSpecValidation.list(oldSpec, "tolerations")) {
      if (!containsToleration(newSpec.get("tolerations"), t)) {
        errs.add(FieldError.forbidden("spec.tolerations",
            "existing toleration can not be modified except its tolerationSeconds"));
        break;
      }
    }
    if (!Defaulting.sameJson(mungedSpec(newSpec, oldSpec), oldSpec instanceof ObjectNode o ? o : Json.object())) {
      errs.add(FieldError.forbidden("spec", UPDATE_FORBIDDEN));
    }
    return errs;
  }

  /** The new spec with every field an update may change taken from the old one. */
  private static ObjectNode mungedSpec(JsonNode newSpec, JsonNode oldSpec) {
    ObjectNode munged = newSpec instanceof ObjectNode o ? o.deepCopy() : Json.object();
    for (String list : List.of("containers", "initContainers")) {
      List<ObjectNode> now = Defaulting.objects(munged, list);
      List<JsonNode> before = PodSpecValidation.list(oldSpec, list);
      for (int i = 0; i < now.size() && i < before.size(); i++) {
        JsonNode image = before.get(i).get("image");
        if (image == null) now.get(i).remove("image");
        else now.get(i).set("image", image);
      }
    }
    for (String f : List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds",
        "schedulingGates", "ephemeralContainers")) {
      copyField(oldSpec, munged, f);
    }
    // Binding an unscheduled pod (pods/binding) sets nodeName through an update of the pod.
    if (PodSpecValidation.text(oldSpec, "nodeName").isEmpty()) copyField(oldSpec, munged, "nodeName");
    return munged;
  }

  private static void copyField(JsonNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v == null) to.remove(field);
    else to.set(field, v.deepCopy());
  }

  private static boolean containsToleration(JsonNode tolerations, JsonNode wanted) {
    if (!(tolerations instanceof ArrayNode arr)) return false;
    ObjectNode w = ((ObjectNode) wanted).deepCopy();
    w.remove("tolerationSeconds");
    for (JsonNode t : arr) {
      if (!(t instanceof ObjectNode o)) continue;
      ObjectNode c = o.deepCopy();
      c.remove("tolerationSeconds");
      if (Defaulting.sameJson(c, w)) return true;
    }
    return false;
  }
}
