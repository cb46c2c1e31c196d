package io.capstan.apiserver.web;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import tools.jackson.databind.node.ObjectNode;

/** {@code pods/binding}: the scheduler's way to assign a pod to a node, exactly once. */
final class PodBinding {
  private PodBinding() {}

  static void bind(GenericRegistry registry, Served pods, String namespace, String name, ObjectNode binding,
      boolean dryRun) {
    String node = Json.text(binding, "target.name");
    if (node == null || node.isEmpty()) {
      throw ApiException.invalid("", "Binding", name,
          java.util.List.of(new ApiException.Cause("FieldValueRequired", "Required value", "target.name")));
    }
    registry.patch(pods, namespace, name, pod -> {
      if (Json.at(pod, "metadata.deletionTimestamp") != null) {
        throw ApiException.conflict("", "pods", name, "pod " + name + " is being deleted, cannot be assigned to a host");
      }
      String current = Json.text(pod, "spec.nodeName");
      if (current != null && !current.isEmpty()) {
        throw ApiException.conflict("", "pods/binding", name, "pod " + name + " is already assigned to node \""
            + current + "\"");
      }
      Json.objectAt(pod, "spec").put("nodeName", node);
      return pod;
    }, false, dryRun);
  }
}
