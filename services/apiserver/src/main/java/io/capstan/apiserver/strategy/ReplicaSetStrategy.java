package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** apps/v1 ReplicaSet: replicas default 1; selector/template rules; selector immutable. */
public final class ReplicaSetStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    Defaulting.intIfUnset(spec, "replicas", 1);
    PodTemplateDefaults.apply(spec);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    WorkloadValidation.nonNegative(spec, "replicas", "spec.replicas", errs);
    WorkloadValidation.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
    // Upstream's ReplicaSet validation says "deployment" here too.
    LabelSelector selector = WorkloadValidation.requiredSelector(spec, "deployment", "invalid label selector", errs);
    if (selector != null) {
      errs.addAll(WorkloadValidation.validateReplicaSetTemplate(spec.get("template"), selector, "spec.template"));
    }
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    WorkloadValidation.immutable(obj.path("spec").get("selector"), old.path("spec").get("selector"),
        "spec.selector", errs);
    return errs;
  }
}
