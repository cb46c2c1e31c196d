package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** apps/v1 ControllerRevision: data required and fixed, revision non-negative. No status. */
public final class ControllerRevisionStrategy implements ResourceStrategy {

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode data = obj.get("data");
    if (data == null || data.isNull()) errs.add(FieldError.required("data", "data is mandatory"));
    WorkloadValidation.nonNegative(obj, "revision", "revision", errs);
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    WorkloadValidation.immutable(obj.get("data"), old.get("data"), "data", errs);
    return errs;
  }
}
