package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** batch/v1 CronJob: {@code SetDefaults_CronJob} and {@code ValidateCronJobCreate/Update}. */
public final class CronJobStrategy implements ResourceStrategy {

  private static final Pattern TIME_ZONE_PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    Defaulting.stringIfBlank(spec, "concurrencyPolicy", "Allow");
    Defaulting.boolIfUnset(spec, "suspend", false);
    Defaulting.intIfUnset(spec, "successfulJobsHistoryLimit", 3);
    Defaulting.intIfUnset(spec, "failedJobsHistoryLimit", 1);
    ObjectNode jobTemplate = Defaulting.childIfPresent(spec, "jobTemplate");
    ObjectNode jobSpec = Defaulting.childIfPresent(jobTemplate, "spec");
    if (jobSpec != null) PodTemplateDefaults.apply(jobSpec);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = validateSpec(obj.path("spec"), null);
    String name = obj.path("metadata").path("name").asString("");
    // The controller appends an 11-character suffix to make Job names, which are limited to 63.
    if (name.length() > 52) errs.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    // Names over 52 characters are tolerated on update so old CronJobs can still be changed.
    return validateSpec(obj.path("spec"), old.path("spec"));
  }

  private static List<Cause> validateSpec(JsonNode spec, JsonNode oldSpec) {
    List<Cause> errs = new ArrayList<>();
    String schedule = spec.path("schedule").asString("");
    if (schedule.isEmpty()) {
      errs.add(FieldError.required("spec.schedule"));
    } else {
      String err = CronSchedule.error(schedule);
      if (err != null) errs.add(FieldError.invalid("spec.schedule", schedule, err));
      boolean allowTz = oldSpec != null && oldSpec.path("schedule").asString("").contains("TZ");
      if (allowTz && schedule.contains("TZ") && spec.hasNonNull("timeZone")) {
        errs.add(FieldError.invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
      } else if (!allowTz && schedule.contains("TZ")) {
        errs.add(FieldError.invalid("spec.schedule", schedule,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
      }
    }
    WorkloadValidation.nonNegative(spec, "startingDeadlineSeconds", "spec.startingDeadlineSeconds", errs);
    JsonNode tz = spec.get("timeZone");
    JsonNode oldTz = oldSpec == null ? null : oldSpec.get("timeZone");
    if (oldSpec == null || !java.util.Objects.equals(tz, oldTz)) validateTimeZone(tz, errs);
    String policy = spec.path("concurrencyPolicy").asString("");
    if (policy.isEmpty()) {
      errs.add(FieldError.required("spec.concurrencyPolicy"));
    } else if (!List.of("Allow", "Forbid", "Replace").contains(policy)) {
      errs.add(FieldError.notSupported("spec.concurrencyPolicy", policy, List.of("Allow", "Forbid", "Replace")));
    }
    JsonNode jobSpec = spec.path("jobTemplate").path("spec");
    errs.addAll(JobStrategy.validateJobSpec(jobSpec.isObject() ? jobSpec : Json.object(), "spec.jobTemplate.spec"));
    if (jobSpec.hasNonNull("selector")) {
      errs.add(FieldError.invalid("spec.jobTemplate.spec.selector", jobSpec.get("selector"),
          "`selector` will be auto-generated"));
    }
    if (jobSpec.path("manualSelector").asBoolean(false)) {
      errs.add(FieldError.notSupported("spec.jobTemplate.spec.manualSelector", true, List.of("nil", "false")));
    }
    WorkloadValidation.nonNegative(spec, "successfulJobsHistoryLimit", "spec.successfulJobsHistoryLimit", errs);
    WorkloadValidation.nonNegative(spec, "failedJobsHistoryLimit", "spec.failedJobsHistoryLimit", errs);
    return errs;
  }

  private static void validateTimeZone(JsonNode tz, List<Cause> errs) {
    if (tz == null || tz.isNull()) return;
    String zone = tz.asString();
    if (zone.isEmpty()) {
      errs.add(FieldError.invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string"));
      return;
    }
    for (String part : zone.split("/", -1)) {
      if (part.equals(".") || part.equals("..") || part.startsWith("-") || !TIME_ZONE_PART.matcher(part).matches()) {
        errs.add(FieldError.invalid("spec.timeZone", zone, "unknown time zone " + zone));
        return;
      }
    }
    if (zone.equalsIgnoreCase("Local")) {
      errs.add(FieldError.invalid("spec.timeZone", zone,
          "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
      return;
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      errs.add(FieldError.invalid("spec.timeZone", zone, "unknown time zone " + zone));
    }
  }
}
