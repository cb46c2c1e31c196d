package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 Namespace: the {@code kubernetes.io/metadata.name} label, phase Active, and on create
 * the {@code kubernetes} finalizer the namespace controller removes when it has emptied it.
 */
public final class NamespaceStrategy implements ResourceStrategy {

  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode meta = Defaulting.child(obj, "metadata");
    String name = meta.path("name").asString("");
    if (!name.isEmpty()) Defaulting.child(meta, "labels").put(NAME_LABEL, name);
    Defaulting.stringIfBlank(Defaulting.child(obj, "status"), "phase", "Active");
  }

  /** The "kubernetes" finalizer is added at creation only: namespace cleanup removes it later. */
  @Override
  public void prepareForCreate(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    JsonNode finalizers = spec.get("finalizers");
    ArrayNode list = finalizers instanceof ArrayNode a ? a : spec.putArray("finalizers");
    boolean present = false;
    for (JsonNode f : list) present |= f.asString("").equals("kubernetes");
    if (!present) list.add("kubernetes");
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    List<JsonNode> finalizers = PodSpecValidation.list(obj.path("spec"), "finalizers");
    for (int i = 0; i < finalizers.size(); i++) {
      String f = finalizers.get(i).asString("");
      String path = "spec.finalizers[" + i + "]";
      for (String msg : LabelValidation.isQualifiedName(f)) errs.add(FieldError.invalid(path, f, msg));
      if (!f.contains("/") && !f.equals("kubernetes")) {
        errs.add(FieldError.invalid(path, f, "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    String phase = obj.path("status").path("phase").asString("");
    if (!phase.isEmpty() && !phase.equals("Active") && !phase.equals("Terminating")) {
      errs.add(FieldError.notSupported("status.phase", phase, List.of("Active", "Terminating")));
    }
    return errs;
  }
}
