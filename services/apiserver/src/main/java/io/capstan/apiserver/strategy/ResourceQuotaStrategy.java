package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ResourceQuota: every hard limit a non-negative quantity. */
public final class ResourceQuotaStrategy implements ResourceStrategy {

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : obj.path("spec").path("hard").properties()) {
      String path = "spec.hard[" + e.getKey() + "]";
      BigDecimal q = Quantity.parse(e.getValue());
      if (q == null) {
        errs.add(FieldError.invalid(path, Quantity.text(e.getValue()), Quantity.FORMAT_ERROR));
      } else if (q.signum() < 0) {
        errs.add(FieldError.invalid(path, Quantity.text(e.getValue()), WorkloadValidation.NEGATIVE));
      }
    }
    return errs;
  }
}
