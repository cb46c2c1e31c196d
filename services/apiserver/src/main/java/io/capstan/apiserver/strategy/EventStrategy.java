package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events, core/v1 ({@code involvedObject}) and events.k8s.io/v1 ({@code regarding}, with the
 * fields that API requires). No status.
 */
public final class EventStrategy implements ResourceStrategy {

  private final boolean eventsApi;

  /** @param eventsApi true for events.k8s.io/v1, false for core/v1 */
  public EventStrategy(boolean eventsApi) {
    this.eventsApi = eventsApi;
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    String namespace = obj.path("metadata").path("namespace").asString("");
    String refField = eventsApi ? "regarding" : "involvedObject";
    String refNamespace = obj.path(refField).path("namespace").asString("");
    if (!refNamespace.isEmpty() && !namespace.isEmpty() && !refNamespace.equals(namespace)) {
      errs.add(FieldError.invalid(refField + ".namespace", refNamespace, "does not match event.namespace"));
    }
    String type = obj.path("type").asString("");
    if (!type.isEmpty() && !type.equals("Normal") && !type.equals("Warning")) {
      errs.add(FieldError.invalid("type", type, "has invalid value: " + type));
    }
    if (eventsApi) {
      for (String f : List.of("eventTime", "reportingController", "reportingInstance", "action", "reason")) {
        JsonNode v = obj.get(f);
        if (v == null || v.isNull() || (v.isString() && v.asString().isEmpty())) errs.add(FieldError.required(f));
      }
      for (String f : List.of("reportingInstance", "action", "reason")) {
        if (obj.path(f).asString("").length() > 128) errs.add(FieldError.tooLong(f, 128));
      }
      if (obj.path("note").asString("").length() > 1024) errs.add(FieldError.tooLong("note", 1024));
      if (type.isEmpty()) errs.add(FieldError.required("type"));
    }
    return errs;
  }
}
