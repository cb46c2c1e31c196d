package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** apps/v1 Deployment: {@code SetDefaults_Deployment} and {@code ValidateDeployment(Update)}. */
public final class DeploymentStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    Defaulting.intIfUnset(spec, "replicas", 1);
    ObjectNode strategy = Defaulting.child(spec, "strategy");
    Defaulting.stringIfBlank(strategy, "type", "RollingUpdate");
    if (strategy.path("type").asString("").equals("RollingUpdate")) {
      ObjectNode ru = Defaulting.child(strategy, "rollingUpdate");
      if (Defaulting.unset(ru, "maxUnavailable")) ru.put("maxUnavailable", "25%");
      if (Defaulting.unset(ru, "maxSurge")) ru.put("maxSurge", "25%");
    }
    Defaulting.intIfUnset(spec, "revisionHistoryLimit", 10);
    Defaulting.intIfUnset(spec, "progressDeadlineSeconds", 600);
    PodTemplateDefaults.apply(spec);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    WorkloadValidation.nonNegative(spec, "replicas", "spec.replicas", errs);
    LabelSelector selector = WorkloadValidation.requiredSelector(spec, "deployment", "invalid label selector", errs);
    if (selector != null) {
      errs.addAll(WorkloadValidation.validateReplicaSetTemplate(spec.get("template"), selector, "spec.template"));
    }
    validateStrategy(spec.path("strategy"), errs);
    WorkloadValidation.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
    WorkloadValidation.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
    JsonNode deadline = spec.get("progressDeadlineSeconds");
    if (deadline != null && deadline.isNumber()) {
      WorkloadValidation.nonNegative(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds", errs);
      if (deadline.asLong() <= spec.path("minReadySeconds").asLong(0)) {
        errs.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline.asLong(),
            "must be greater than minReadySeconds"));
      }
    }
    return errs;
  }

  private static void validateStrategy(JsonNode strategy, List<Cause> errs) {
    String type = strategy.path("type").asString("");
    JsonNode ru = strategy.get("rollingUpdate");
    switch (type) {
      case "Recreate" -> {
        if (ru != null && !ru.isNull()) {
          errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
              "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case "RollingUpdate" -> {
        if (ru == null || ru.isNull()) {
          errs.add(FieldError.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
          return;
        }
        String p = "spec.strategy.rollingUpdate";
        WorkloadValidation.positiveIntOrPercent(ru.get("maxUnavailable"), p + ".maxUnavailable", errs);
        WorkloadValidation.positiveIntOrPercent(ru.get("maxSurge"), p + ".maxSurge", errs);
        if (WorkloadValidation.intOrPercentValue(ru.get("maxUnavailable")) == 0
            && WorkloadValidation.intOrPercentValue(ru.get("maxSurge")) == 0) {
          errs.add(FieldError.invalid(p + ".maxUnavailable", ru.get("maxUnavailable"),
              "may not be 0 when `maxSurge` is 0"));
        }
        WorkloadValidation.notMoreThan100Percent(ru.get("maxUnavailable"), p + ".maxUnavailable", errs);
      }
      default -> errs.add(FieldError.notSupported("spec.strategy", strategy, List.of("Recreate", "RollingUpdate")));
    }
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    // apps/v1 made the selector immutable.
    WorkloadValidation.immutable(obj.path("spec").get("selector"), old.path("spec").get("selector"),
        "spec.selector", errs);
    return errs;
  }
}
