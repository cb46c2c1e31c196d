package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ServiceAccount: no status; referenced secret names must be valid. */
public final class ServiceAccountStrategy implements ResourceStrategy {

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    for (String list : List.of("secrets", "imagePullSecrets")) {
      List<JsonNode> refs = PodSpecValidation.list(obj, list);
      for (int i = 0; i < refs.size(); i++) {
        String name = refs.get(i).path("name").asString("");
        if (name.isEmpty()) continue;
        for (String msg : LabelValidation.isDNS1123Subdomain(name)) {
          errs.add(FieldError.invalid(list + "[" + i + "].name", name, msg));
        }
      }
    }
    return errs;
  }
}
