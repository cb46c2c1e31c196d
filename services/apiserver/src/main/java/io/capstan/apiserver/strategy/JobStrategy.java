package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import io.capstan.model.selector.LabelSelector;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * batch/v1 Job: {@code SetDefaults_Job}, the selector Kubernetes generates from the Job's uid
 * (unless {@code manualSelector}), {@code ValidateJob} and the update rules (selector, template,
 * completions, completionMode and failure policies fixed).
 *
 * <p>Selector generation needs {@code metadata.name} and {@code metadata.uid}, which the registry
 * sets before it calls {@link #applyDefaults}.
 */
public final class JobStrategy implements ResourceStrategy {

  static final String LEGACY_CONTROLLER_UID = "controller-uid";
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String LEGACY_JOB_NAME = "job-name";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    applySpecDefaults(spec);
    ObjectNode meta = Defaulting.child(obj, "metadata");
    String uid = meta.path("uid").asString("");
    if (!spec.path("manualSelector").asBoolean(false) && !uid.isEmpty()) {
      generateSelector(spec, meta.path("name").asString(""), uid);
    }
    // A Job without labels takes its template's (upstream does this on every decode).
    JsonNode templateLabels = spec.path("template").path("metadata").get("labels");
    if (templateLabels != null && templateLabels.isObject() && meta.path("labels").isEmpty()) {
      meta.set("labels", templateLabels.deepCopy());
    }
  }

  /** The JobSpec defaults of a Job (not of a CronJob's job template, which upstream leaves alone). */
  static void applySpecDefaults(ObjectNode spec) {
    if (Defaulting.unset(spec, "completions") && Defaulting.unset(spec, "parallelism")) {
      spec.put("completions", 1);
      spec.put("parallelism", 1);
    }
    Defaulting.intIfUnset(spec, "parallelism", 1);
    if (Defaulting.unset(spec, "backoffLimit")) {
      spec.put("backoffLimit", Defaulting.unset(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE);
    }
    Defaulting.stringIfBlank(spec, "completionMode", "NonIndexed");
    Defaulting.boolIfUnset(spec, "suspend", false);
    ObjectNode failurePolicy = Defaulting.childIfPresent(spec, "podFailurePolicy");
    if (failurePolicy != null) {
      for (ObjectNode rule : Defaulting.objects(failurePolicy, "rules")) {
        for (ObjectNode pattern : Defaulting.objects(rule, "onPodConditions")) {
          Defaulting.stringIfBlank(pattern, "status", "True");
        }
      }
    }
    Defaulting.stringIfBlank(spec, "podReplacementPolicy", failurePolicy != null ? "Failed" : "TerminatingOrFailed");
    PodTemplateDefaults.apply(spec);
  }

  private static void generateSelector(ObjectNode spec, String name, String uid) {
    ObjectNode labels = Defaulting.child(Defaulting.child(Defaulting.child(spec, "template"), "metadata"), "labels");
    for (String key : List.of(LEGACY_JOB_NAME, JOB_NAME)) if (!labels.has(key)) labels.put(key, name);
    for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) if (!labels.has(key)) labels.put(key, uid);
    ObjectNode matchLabels = Defaulting.child(Defaulting.child(spec, "selector"), "matchLabels");
    if (!matchLabels.has(CONTROLLER_UID)) matchLabels.put(CONTROLLER_UID, uid);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    validateGeneratedSelector(obj, errs);
    JsonNode spec = obj.path("spec");
    errs.addAll(validateJobSpec(spec, "spec"));
    JsonNode selector = spec.get("selector");
    if (selector == null || selector.isNull()) {
      errs.add(FieldError.required("spec.selector"));
    } else {
      errs.addAll(WorkloadValidation.validateLabelSelector(selector, "spec.selector"));
    }
    try {
      LabelSelector parsed = LabelSelector.fromJson(selector);
      JsonNode labels = spec.path("template").path("metadata").get("labels");
      if (!parsed.matches(labels)) {
        errs.add(FieldError.invalid("spec.template.metadata.labels", WorkloadValidation.labelsValue(labels),
            "`selector` does not match template `labels`"));
      }
    } catch (ApiException e) {
      // Reported by the label-selector validation above.
    }
    String mode = spec.path("completionMode").asString("");
    long completions = spec.path("completions").asLong(0);
    if (mode.equals("Indexed") && completions > 0) {
      String name = obj.path("metadata").path("name").asString("");
      String hostname = name + "-" + (completions - 1);
      if (!LabelValidation.isDNS1123Label(hostname).isEmpty()) {
        errs.add(FieldError.invalid("metadata.name", name,
            "will not able to create pod with invalid DNS label: " + hostname));
      }
    }
    return errs;
  }

  /** Upstream's {@code validateGeneratedSelector}: generated labels present and selected. */
  private static void validateGeneratedSelector(ObjectNode obj, List<Cause> errs) {
    JsonNode spec = obj.path("spec");
    if (spec.path("manualSelector").asBoolean(false)) return;
    JsonNode selector = spec.get("selector");
    if (selector == null || selector.isNull()) return;
    String uid = obj.path("metadata").path("uid").asString("");
    String name = obj.path("metadata").path("name").asString("");
    if (uid.isEmpty()) errs.add(FieldError.required("metadata.uid"));
    JsonNode labels = spec.path("template").path("metadata").path("labels");
    hasLabel(labels, LEGACY_CONTROLLER_UID, uid, errs);
    hasLabel(labels, LEGACY_JOB_NAME, name, errs);
    hasLabel(labels, CONTROLLER_UID, uid, errs);
    hasLabel(labels, JOB_NAME, name, errs);
    try {
      LabelSelector parsed = LabelSelector.fromJson(selector);
      Map<String, String> expected = Map.of(CONTROLLER_UID, uid, JOB_NAME, name, LEGACY_CONTROLLER_UID, uid,
          LEGACY_JOB_NAME, name);
      if (!parsed.matches(expected)) {
        errs.add(FieldError.invalid("spec.selector", selector, "`selector` not auto-generated"));
      }
    } catch (ApiException e) {
      // Reported by the label-selector validation.
    }
  }

  /** {@code ValidateHasLabel}. */
  private static void hasLabel(JsonNode labels, String key, String expected, List<Cause> errs) {
    String path = "spec.template.metadata.labels[" + key + "]";
    JsonNode actual = labels.get(key);
    if (actual == null || actual.isNull()) {
      errs.add(FieldError.required(path, "must be '" + expected + "'"));
    } else if (!actual.asString().equals(expected)) {
      errs.add(FieldError.invalid(path, WorkloadValidation.labelsValue(labels), "must be '" + expected + "'"));
    }
  }

  /** Upstream's {@code validateJobSpec}, shared with CronJob job templates. */
  static List<Cause> validateJobSpec(JsonNode spec, String p) {
    List<Cause> errs = new ArrayList<>();
    for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
        "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")) {
      WorkloadValidation.nonNegative(spec, f, p + "." + f, errs);
    }
    if (spec.hasNonNull("maxFailedIndexes") && !spec.hasNonNull("backoffLimitPerIndex")) {
      errs.add(FieldError.required(p + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
    }
    JsonNode modeNode = spec.get("completionMode");
    String mode = modeNode == null || modeNode.isNull() ? null : modeNode.asString();
    if (mode != null) {
      if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
        errs.add(FieldError.notSupported(p + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
      }
      if (mode.equals("Indexed")) {
        if (!spec.hasNonNull("completions")) {
          errs.add(FieldError.required(p + ".completions", "when completion mode is Indexed"));
        }
        if (spec.path("parallelism").asLong(0) > 100_000) {
          errs.add(FieldError.invalid(p + ".parallelism", spec.path("parallelism").asLong(),
              "must be less than or equal to 100000 when completion mode is Indexed"));
        }
      }
    }
    if (mode == null || mode.equals("NonIndexed")) {
      for (String f : List.of("backoffLimitPerIndex", "maxFailedIndexes")) {
        if (spec.hasNonNull(f)) {
          errs.add(FieldError.invalid(p + "." + f, spec.get(f).asLong(), "requires indexed completion mode"));
        }
      }
    }
    JsonNode replacement = spec.get("podReplacementPolicy");
    if (replacement != null && !replacement.isNull()) {
      String v = replacement.asString();
      if (spec.hasNonNull("podFailurePolicy")) {
        if (!v.equals("Failed")) errs.add(FieldError.notSupported(p + ".podReplacementPolicy", v, List.of("Failed")));
      } else if (!v.equals("Failed") && !v.equals("TerminatingOrFailed")) {
        errs.add(FieldError.notSupported(p + ".podReplacementPolicy", v, List.of("Failed", "TerminatingOrFailed")));
      }
    }
    JsonNode template = spec.get("template") instanceof ObjectNode t ? t : Json.object();
    errs.addAll(PodSpecValidation.validateTemplate(template, p + ".template"));
    String restartPolicy = PodSpecValidation.text(template.path("spec"), "restartPolicy");
    String rp = p + ".template.spec.restartPolicy";
    if (restartPolicy.isEmpty() || restartPolicy.equals("Always")) {
      errs.add(FieldError.required(rp, "valid values: \"OnFailure\", \"Never\""));
    } else if (!restartPolicy.equals("OnFailure") && !restartPolicy.equals("Never")) {
      errs.add(FieldError.notSupported(rp, restartPolicy, List.of("OnFailure", "Never")));
    } else if (spec.hasNonNull("podFailurePolicy") && !restartPolicy.equals("Never")) {
      errs.add(FieldError.invalid(rp, restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified"));
    }
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    JsonNode spec = obj.path("spec");
    JsonNode oldSpec = old.path("spec");
    WorkloadValidation.immutable(spec.get("completions"), oldSpec.get("completions"), "spec.completions", errs);
    WorkloadValidation.immutable(spec.get("selector"), oldSpec.get("selector"), "spec.selector", errs);
    WorkloadValidation.immutable(spec.get("template"), oldSpec.get("template"), "spec.template", errs);
    for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy",
        "successPolicy")) {
      WorkloadValidation.immutable(spec.get(f), oldSpec.get(f), "spec." + f, errs);
    }
    return errs;
  }
}
