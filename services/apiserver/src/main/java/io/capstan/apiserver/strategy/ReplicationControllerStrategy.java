package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 ReplicationController: selector and labels default to the template's labels,
 * replicas to 1; {@code ValidateReplicationController}.
 */
public final class ReplicationControllerStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    JsonNode labels = spec.path("template").path("metadata").get("labels");
    if (labels != null && labels.isObject()) {
      if (spec.path("selector").isEmpty()) spec.set("selector", labels.deepCopy());
      ObjectNode meta = Defaulting.child(obj, "metadata");
      if (meta.path("labels").isEmpty()) meta.set("labels", labels.deepCopy());
    }
    Defaulting.intIfUnset(spec, "replicas", 1);
    PodTemplateDefaults.apply(spec);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    WorkloadValidation.nonNegative(spec, "replicas", "spec.replicas", errs);
    WorkloadValidation.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
    JsonNode selector = spec.get("selector");
    if (selector == null || !selector.isObject() || selector.isEmpty()) {
      errs.add(FieldError.required("spec.selector"));
    } else {
      errs.addAll(ObjectMetaValidation.validateLabels(selector, "spec.selector"));
    }
    JsonNode template = spec.get("template");
    if (template == null || !template.isObject()) {
      errs.add(FieldError.required("spec.template"));
      return errs;
    }
    LabelSelector parsed = LabelSelector.fromMap(LabelSelector.labelsOf(selector));
    if (!parsed.isEmpty()) WorkloadValidation.checkTemplateLabels(template, parsed, "spec.template", errs);
    errs.addAll(PodSpecValidation.validateTemplate(template, "spec.template"));
    WorkloadValidation.alwaysRestartNoDeadline(template, "spec.template", "ReplicationController", errs);
    return errs;
  }
}
