package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import io.capstan.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** apps/v1 DaemonSet: {@code SetDefaults_DaemonSet} and {@code ValidateDaemonSet(Update)}. */
public final class DaemonSetStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    ObjectNode update = Defaulting.child(spec, "updateStrategy");
    Defaulting.stringIfBlank(update, "type", "RollingUpdate");
    if (update.path("type").asString("").equals("RollingUpdate")) {
      ObjectNode ru = Defaulting.child(update, "rollingUpdate");
      if (Defaulting.unset(ru, "maxUnavailable")) ru.put("maxUnavailable", 1);
      if (Defaulting.unset(ru, "maxSurge")) ru.put("maxSurge", 0);
    }
    Defaulting.intIfUnset(spec, "revisionHistoryLimit", 10);
    PodTemplateDefaults.apply(spec);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    JsonNode selector = spec.get("selector");
    JsonNode template = spec.get("template") instanceof ObjectNode t ? t : Json.object();
    errs.addAll(WorkloadValidation.validateLabelSelector(selector, "spec.selector"));
    try {
      // No selector converts to "nothing", so it fails the label match below, as upstream.
      LabelSelector parsed = LabelSelector.fromJson(selector);
      if (!parsed.matches(template.path("metadata").get("labels"))) {
        errs.add(FieldError.invalid("spec.template.metadata.labels",
            WorkloadValidation.labelsValue(template.path("metadata").get("labels")),
            "`selector` does not match template `labels`"));
      }
    } catch (ApiException e) {
      // Upstream reports nothing more when the selector does not convert.
    }
    if (selector != null && selector.isObject()
        && selector.path("matchLabels").size() + selector.path("matchExpressions").size() == 0) {
      errs.add(FieldError.invalid("spec.selector", selector, "empty selector is invalid for daemonset"));
    }
    errs.addAll(PodSpecValidation.validateTemplate(template, "spec.template"));
    WorkloadValidation.alwaysRestartNoDeadline(template, "spec.template", "DaemonSet", errs);
    WorkloadValidation.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
    validateUpdateStrategy(spec.path("updateStrategy"), errs);
    WorkloadValidation.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
    return errs;
  }

  private static void validateUpdateStrategy(JsonNode update, List<Cause> errs) {
    switch (update.path("type").asString("")) {
      case "OnDelete" -> { }
      case "RollingUpdate" -> {
        JsonNode ru = update.get("rollingUpdate");
        if (ru == null || ru.isNull()) {
          errs.add(FieldError.required("spec.updateStrategy.rollingUpdate"));
          return;
        }
        String p = "spec.updateStrategy.rollingUpdate";
        WorkloadValidation.positiveIntOrPercent(ru.get("maxUnavailable"), p + ".maxUnavailable", errs);
        WorkloadValidation.positiveIntOrPercent(ru.get("maxSurge"), p + ".maxSurge", errs);
        WorkloadValidation.notMoreThan100Percent(ru.get("maxUnavailable"), p + ".maxUnavailable", errs);
        WorkloadValidation.notMoreThan100Percent(ru.get("maxSurge"), p + ".maxSurge", errs);
        boolean hasUnavailable = WorkloadValidation.intOrPercentValue(ru.get("maxUnavailable")) != 0;
        boolean hasSurge = WorkloadValidation.intOrPercentValue(ru.get("maxSurge")) != 0;
        if (hasUnavailable && hasSurge) {
          errs.add(FieldError.invalid(p + ".maxSurge", ru.get("maxSurge"),
              "may not be set when maxUnavailable is non-zero"));
        } else if (!hasUnavailable && !hasSurge) {
          errs.add(FieldError.required(p + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
        }
      }
      default -> errs.add(FieldError.notSupported("spec.updateStrategy", update, List.of("RollingUpdate", "OnDelete")));
    }
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    WorkloadValidation.immutable(obj.path("spec").get("selector"), old.path("spec").get("selector"),
        "spec.selector", errs);
    return errs;
  }
}
