package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 PersistentVolumeClaim: volumeMode Filesystem, phase Pending; access modes and a storage
 * request required; after creation only the requests (expansion), volumeAttributesClassName and
 * the binding's volumeName may change.
 */
public final class PersistentVolumeClaimStrategy implements ResourceStrategy {

  static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");

  @Override
  public void applyDefaults(ObjectNode obj) {
    Defaulting.stringIfBlank(Defaulting.child(obj, "spec"), "volumeMode", "Filesystem");
    Defaulting.stringIfBlank(Defaulting.child(obj, "status"), "phase", "Pending");
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    return validateClaimSpec(obj.path("spec"), "spec");
  }

  /** {@code ValidatePersistentVolumeClaimSpec}, shared with StatefulSet claim templates. */
  static List<Cause> validateClaimSpec(JsonNode spec, String p) {
    List<Cause> errs = new ArrayList<>();
    List<JsonNode> modes = PodSpecValidation.list(spec, "accessModes");
    if (modes.isEmpty()) errs.add(FieldError.required(p + ".accessModes", "at least 1 access mode is required"));
    for (JsonNode m : modes) {
      String mode = m.asString("");
      if (!ACCESS_MODES.contains(mode)) errs.add(FieldError.notSupported(p + ".accessModes", mode, ACCESS_MODES));
    }
    JsonNode storage = spec.path("resources").path("requests").get("storage");
    if (storage == null || storage.isNull()) {
      errs.add(FieldError.required(p + ".resources[storage]"));
    } else {
      BigDecimal q = Quantity.parse(storage);
      if (q == null) {
        errs.add(FieldError.invalid(p + ".resources[storage]", Quantity.text(storage), Quantity.FORMAT_ERROR));
      } else if (q.signum() <= 0) {
        errs.add(FieldError.invalid(p + ".resources[storage]", Quantity.text(storage), "must be greater than zero"));
      }
    }
    String volumeMode = spec.path("volumeMode").asString("");
    if (!volumeMode.isEmpty() && !volumeMode.equals("Block") && !volumeMode.equals("Filesystem")) {
      errs.add(FieldError.notSupported(p + ".volumeMode", volumeMode, List.of("Block", "Filesystem")));
    }
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    ObjectNode now = obj.get("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object();
    ObjectNode before = old.get("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object();
    for (ObjectNode spec : List.of(now, before)) {
      spec.remove("volumeAttributesClassName");
      ObjectNode resources = Defaulting.childIfPresent(spec, "resources");
      if (resources != null) resources.remove("requests");
    }
    if (before.path("volumeName").asString("").isEmpty()) {
      now.remove("volumeName");
      before.remove("volumeName");
    }
    if (!Defaulting.sameJson(now, before)) {
      errs.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and "
          + "volumeAttributesClassName for bound claims"));
    }
    return errs;
  }
}
