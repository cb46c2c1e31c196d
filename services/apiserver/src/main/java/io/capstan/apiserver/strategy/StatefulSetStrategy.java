package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import io.capstan.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * apps/v1 StatefulSet: {@code SetDefaults_StatefulSet} and {@code ValidateStatefulSet(Update)}.
 * As upstream, the pod template's spec is not validated here (its volumes come partly from
 * volumeClaimTemplates); the pods the controller creates are.
 */
public final class StatefulSetStrategy implements ResourceStrategy {

  /** Spec fields an update may change; everything else is fixed at creation. */
  private static final List<String> MUTABLE_SPEC = List.of("replicas", "template", "updateStrategy",
      "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy");

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    Defaulting.stringIfBlank(spec, "podManagementPolicy", "OrderedReady");
    ObjectNode update = Defaulting.child(spec, "updateStrategy");
    if (Defaulting.blank(update, "type")) {
      update.put("type", "RollingUpdate");
      if (Defaulting.unset(update, "rollingUpdate")) update.putObject("rollingUpdate");
    }
    ObjectNode ru = Defaulting.childIfPresent(update, "rollingUpdate");
    if (update.path("type").asString("").equals("RollingUpdate") && ru != null) {
      Defaulting.intIfUnset(ru, "partition", 0);
    }
    ObjectNode retention = Defaulting.child(spec, "persistentVolumeClaimRetentionPolicy");
    Defaulting.stringIfBlank(retention, "whenDeleted", "Retain");
    Defaulting.stringIfBlank(retention, "whenScaled", "Retain");
    Defaulting.intIfUnset(spec, "replicas", 1);
    Defaulting.intIfUnset(spec, "revisionHistoryLimit", 10);
    for (ObjectNode claim : Defaulting.objects(spec, "volumeClaimTemplates")) {
      ObjectNode claimSpec = Defaulting.child(claim, "spec");
      Defaulting.stringIfBlank(claimSpec, "volumeMode", "Filesystem");
    }
    PodTemplateDefaults.apply(spec);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    String policy = spec.path("podManagementPolicy").asString("");
    if (policy.isEmpty()) {
      errs.add(FieldError.required("spec.podManagementPolicy"));
    } else if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
      errs.add(FieldError.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
    }
    validateUpdateStrategy(spec.path("updateStrategy"), errs);
    JsonNode retention = spec.get("persistentVolumeClaimRetentionPolicy");
    if (retention != null && retention.isObject()) {
      for (String f : List.of("whenDeleted", "whenScaled")) {
        String v = retention.path(f).asString("");
        if (!v.equals("Retain") && !v.equals("Delete")) {
          errs.add(FieldError.notSupported("spec.persistentVolumeClaimRetentionPolicy." + f, v,
              List.of("Retain", "Delete")));
        }
      }
    }
    WorkloadValidation.nonNegative(spec, "replicas", "spec.replicas", errs);
    WorkloadValidation.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
    WorkloadValidation.nonNegative(spec.path("ordinals"), "start", "spec.ordinals.start", errs);

    LabelSelector selector = WorkloadValidation.requiredSelector(spec, "statefulset", "", errs);
    JsonNode template = spec.get("template") instanceof ObjectNode t ? t : Json.object();
    if (selector != null) {
      WorkloadValidation.checkTemplateLabels(template, selector, "spec.template", errs);
      JsonNode meta = template.path("metadata");
      // Upstream's paths here lack ".metadata".
      errs.addAll(ObjectMetaValidation.validateLabels(meta.get("labels"), "spec.template.labels"));
      errs.addAll(ObjectMetaValidation.validateAnnotations(meta.get("annotations"), "spec.template.annotations"));
    }
    WorkloadValidation.alwaysRestartNoDeadline(template, "spec.template", "StatefulSet", errs);
    return errs;
  }

  private static void validateUpdateStrategy(JsonNode update, List<Cause> errs) {
    String type = update.path("type").asString("");
    JsonNode ru = update.get("rollingUpdate");
    boolean hasRu = ru != null && !ru.isNull();
    switch (type) {
      case "" -> errs.add(FieldError.required("spec.updateStrategy"));
      case "OnDelete" -> {
        if (hasRu) {
          errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate", ru,
              "only allowed for updateStrategy 'RollingUpdate'"));
        }
      }
      case "RollingUpdate" -> {
        if (hasRu) {
          String p = "spec.updateStrategy.rollingUpdate";
          WorkloadValidation.nonNegative(ru, "partition", p + ".partition", errs);
          JsonNode maxUnavailable = ru.get("maxUnavailable");
          if (maxUnavailable != null && !maxUnavailable.isNull()) {
            WorkloadValidation.positiveIntOrPercent(maxUnavailable, p + ".maxUnavailable", errs);
            if (WorkloadValidation.intOrPercentValue(maxUnavailable) == 0) {
              errs.add(FieldError.invalid(p + ".maxUnavailable", maxUnavailable, "cannot be 0"));
            }
            WorkloadValidation.notMoreThan100Percent(maxUnavailable, p + ".maxUnavailable", errs);
          }
        }
      }
      default -> errs.add(FieldError.invalid("spec.updateStrategy", update, "must be 'RollingUpdate' or 'OnDelete'"));
    }
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    ObjectNode now = obj.get("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object();
    ObjectNode before = old.get("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object();
    for (String f : MUTABLE_SPEC) {
      now.remove(f);
      before.remove(f);
    }
    if (!Defaulting.sameJson(now, before)) {
      errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
          + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
          + "'minReadySeconds' are forbidden"));
    }
    return errs;
  }
}
