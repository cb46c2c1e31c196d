package io.capstan.apiserver.strategy;

import io.capstan.model.ApiException;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelSelector;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Rules shared by controllers' specs: selectors, templates, counts, int-or-percent values. */
final class WorkloadValidation {
  private WorkloadValidation() {}

  static final String NEGATIVE = "must be greater than or equal to 0";

  /** Kubernetes' {@code ValidateNonnegativeField} for an optional integer field. */
  static void nonNegative(JsonNode o, String field, String path, List<Cause> errs) {
    JsonNode n = o.get(field);
    if (n != null && n.isNumber() && n.asLong() < 0) errs.add(FieldError.invalid(path, n.asLong(), NEGATIVE));
  }

  /** {@code metav1/validation.ValidateLabelSelector}. */
  static List<Cause> validateLabelSelector(JsonNode selector, String path) {
    List<Cause> errs = new ArrayList<>();
    if (selector == null || !selector.isObject()) return errs;
    errs.addAll(ObjectMetaValidation.validateLabels(selector.get("matchLabels"), path + ".matchLabels"));
    List<JsonNode> exprs = PodSpecValidation.list(selector, "matchExpressions");
    for (int i = 0; i < exprs.size(); i++) {
      JsonNode e = exprs.get(i);
      String ep = path + ".matchExpressions[" + i + "]";
      String op = PodSpecValidation.text(e, "operator");
      int values = PodSpecValidation.list(e, "values").size();
      switch (op) {
        case "In", "NotIn" -> {
          if (values == 0) {
            errs.add(FieldError.required(ep + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (values > 0) {
            errs.add(FieldError.forbidden(ep + ".values",
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default -> errs.add(FieldError.invalid(ep + ".operator", op, "not a valid selector operator"));
      }
      String key = PodSpecValidation.text(e, "key");
      for (String msg : LabelValidation.isQualifiedName(key)) errs.add(FieldError.invalid(ep + ".key", key, msg));
      List<JsonNode> vals = PodSpecValidation.list(e, "values");
      for (int j = 0; j < vals.size(); j++) {
        String v = vals.get(j).asString("");
        for (String msg : LabelValidation.isLabelValue(v)) {
          errs.add(FieldError.invalid(ep + ".values[" + j + "]", v, msg));
        }
      }
    }
    return errs;
  }

  /**
   * {@code spec.selector} of a Deployment, ReplicaSet or StatefulSet: required, valid and not
   * empty. Returns the selector, or null when it does not convert (upstream then skips the
   * template checks).
   *
   * @param kindWord the word upstream puts in "empty selector is invalid for ..."
   * @param unconvertibleDetail upstream's detail when the selector does not convert
   */
  static LabelSelector requiredSelector(JsonNode spec, String kindWord, String unconvertibleDetail,
      List<Cause> errs) {
    JsonNode selector = spec.get("selector");
    boolean present = selector != null && !selector.isNull();
    if (!present) {
      errs.add(FieldError.required("spec.selector"));
    } else {
      errs.addAll(validateLabelSelector(selector, "spec.selector"));
      if (selector.path("matchLabels").size() + selector.path("matchExpressions").size() == 0) {
        errs.add(FieldError.invalid("spec.selector", selector, "empty selector is invalid for " + kindWord));
      }
    }
    try {
      return LabelSelector.fromJson(present ? selector : null);
    } catch (ApiException e) {
      errs.add(FieldError.invalid("spec.selector", selector, unconvertibleDetail));
      return null;
    }
  }

  /**
   * Kubernetes' {@code ValidatePodTemplateSpecForReplicaSet}, used by Deployments and ReplicaSets:
   * labels matched by the selector, a valid pod template, restartPolicy Always, no
   * activeDeadlineSeconds. A missing template is checked as an empty one (it is a struct upstream).
   */
  static List<Cause> validateReplicaSetTemplate(JsonNode template, LabelSelector selector, String path) {
    List<Cause> errs = new ArrayList<>();
    JsonNode t = template == null || !template.isObject() ? io.capstan.model.Json.object() : template;
    checkTemplateLabels(t, selector, path, errs);
    errs.addAll(PodSpecValidation.validateTemplate(t, path));
    alwaysRestartNoDeadline(t, path, "ReplicaSet", errs);
    return errs;
  }

  /** restartPolicy must be Always and activeDeadlineSeconds unset in a controller's pod template. */
  static void alwaysRestartNoDeadline(JsonNode template, String path, String kind, List<Cause> errs) {
    String restartPolicy = PodSpecValidation.text(template.path("spec"), "restartPolicy");
    if (!restartPolicy.equals("Always")) {
      errs.add(FieldError.notSupported(path + ".spec.restartPolicy", restartPolicy, List.of("Always")));
    }
    if (template.path("spec").hasNonNull("activeDeadlineSeconds")) {
      errs.add(FieldError.forbidden(path + ".spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in " + kind + " is not Supported"));
    }
  }

  /** {@code spec.template.metadata.labels: Invalid value: {...}: `selector` does not match template `labels`}. */
  static void checkTemplateLabels(JsonNode template, LabelSelector selector, String path, List<Cause> errs) {
    if (selector.isEmpty()) return;
    JsonNode labels = template.path("metadata").get("labels");
    if (!selector.matches(labels)) {
      errs.add(FieldError.invalid(path + ".metadata.labels", labelsValue(labels),
          "`selector` does not match template `labels`"));
    }
  }

  /** Labels as Go prints a map[string]string: sorted JSON, or null. */
  static Object labelsValue(JsonNode labels) {
    if (labels == null || !labels.isObject()) return null;
    Map<String, String> m = new TreeMap<>(LabelSelector.labelsOf(labels));
    return m;
  }

  /** {@code ValidatePositiveIntOrPercent}. */
  static void positiveIntOrPercent(JsonNode v, String path, List<Cause> errs) {
    if (v == null || v.isNull()) return;
    if (v.isString()) {
      if (!FieldRules.isPercent(v.asString())) errs.add(FieldError.invalid(path, v, FieldRules.percentFormatError()));
    } else if (v.isIntegralNumber()) {
      if (v.asLong() < 0) errs.add(FieldError.invalid(path, v.asLong(), NEGATIVE));
    } else {
      errs.add(FieldError.invalid(path, v, "must be an integer or percentage (e.g '5%')"));
    }
  }

  /** {@code IsNotMoreThan100Percent}. */
  static void notMoreThan100Percent(JsonNode v, String path, List<Cause> errs) {
    if (v == null || !v.isString() || !FieldRules.isPercent(v.asString())) return;
    String s = v.asString();
    long value = Long.parseLong(s.substring(0, s.length() - 1));
    if (value > 100) errs.add(FieldError.invalid(path, s, "must not be greater than 100%"));
  }

  /** The number in an int-or-percent (percent without its sign), 0 when absent or malformed. */
  static long intOrPercentValue(JsonNode v) {
    if (v == null || v.isNull()) return 0;
    if (v.isIntegralNumber()) return v.asLong();
    if (v.isString() && FieldRules.isPercent(v.asString())) {
      String s = v.asString();
      return Long.parseLong(s.substring(0, s.length() - 1));
    }
    return 0;
  }

  /** {@code field is immutable} when the JSON values differ (absent equals null). */
  static void immutable(JsonNode now, JsonNode before, String path, List<Cause> errs) {
    JsonNode a = now == null || now.isMissingNode() ? null : now;
    JsonNode b = before == null || before.isMissingNode() ? null : before;
    boolean same = (a == null || a.isNull()) ? (b == null || b.isNull()) : Defaulting.sameJson(a, b);
    if (!same) errs.add(FieldError.invalid(path, a, ObjectMetaValidation.FIELD_IMMUTABLE));
  }
}
