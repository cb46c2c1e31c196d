package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 PersistentVolume: reclaim policy Retain, volumeMode Filesystem, phase Pending; basic spec rules. */
public final class PersistentVolumeStrategy implements ResourceStrategy {

  /** Spec fields that are not a volume source. */
  private static final Set<String> NOT_SOURCES = Set.of("capacity", "accessModes", "claimRef",
      "persistentVolumeReclaimPolicy", "storageClassName", "mountOptions", "volumeMode", "nodeAffinity",
      "volumeAttributesClassName");

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    Defaulting.stringIfBlank(spec, "persistentVolumeReclaimPolicy", "Retain");
    Defaulting.stringIfBlank(spec, "volumeMode", "Filesystem");
    Defaulting.stringIfBlank(Defaulting.child(obj, "status"), "phase", "Pending");
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    List<JsonNode> modes = PodSpecValidation.list(spec, "accessModes");
    if (modes.isEmpty()) errs.add(FieldError.required("spec.accessModes"));
    for (JsonNode m : modes) {
      String mode = m.asString("");
      if (!PersistentVolumeClaimStrategy.ACCESS_MODES.contains(mode)) {
        errs.add(FieldError.notSupported("spec.accessModes", mode, PersistentVolumeClaimStrategy.ACCESS_MODES));
      }
    }
    JsonNode capacity = spec.get("capacity");
    if (capacity == null || !capacity.isObject() || capacity.isEmpty()) {
      errs.add(FieldError.required("spec.capacity"));
    } else {
      for (Map.Entry<String, JsonNode> e : capacity.properties()) {
        if (!e.getKey().equals("storage")) {
          errs.add(FieldError.notSupported("spec.capacity", e.getKey(), List.of("storage")));
        } else if (Quantity.parse(e.getValue()) == null) {
          errs.add(FieldError.invalid("spec.capacity[storage]", Quantity.text(e.getValue()), Quantity.FORMAT_ERROR));
        }
      }
    }
    String policy = spec.path("persistentVolumeReclaimPolicy").asString("");
    if (!List.of("Delete", "Recycle", "Retain").contains(policy)) {
      errs.add(FieldError.notSupported("spec.persistentVolumeReclaimPolicy", policy, List.of("Delete", "Recycle", "Retain")));
    }
    int sources = 0;
    for (Map.Entry<String, JsonNode> e : spec.properties()) {
      if (!NOT_SOURCES.contains(e.getKey()) && !e.getValue().isNull()) sources++;
    }
    if (sources == 0) {
      errs.add(FieldError.required("spec", "must specify a volume type"));
    } else if (sources > 1) {
      errs.add(FieldError.forbidden("spec", "may not specify more than 1 volume type"));
    }
    return errs;
  }
}
