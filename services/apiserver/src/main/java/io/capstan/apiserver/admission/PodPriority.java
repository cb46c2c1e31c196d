package io.capstan.apiserver.admission;

import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' Priority admission plugin: a new pod's {@code spec.priority} (and
 * {@code preemptionPolicy}) come from its {@code priorityClassName}, or from the class marked
 * {@code globalDefault}, or are 0. A name that names no class, or a priority the client filled in
 * that disagrees with the class, is refused as Kubernetes refuses it. The scheduler orders and
 * preempts by {@code spec.priority}, so it never has to look classes up itself.
 */
@Component
public class PodPriority implements RegistryHook {
  static final String PREFIX = "/registry/scheduling.k8s.io/priorityclasses/";

  private final Storage storage;

  public PodPriority(Storage storage) {
    this.storage = storage;
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode pod, boolean dryRun) {
    if (!type.group().isEmpty() || !type.plural().equals("pods")) return;
    ObjectNode spec = Json.objectAt(pod, "spec");
    String className = Json.text(spec, "priorityClassName");
    String podName = Json.text(pod, "metadata.name");
    Optional<JsonNode> pc = className == null || className.isEmpty() ? globalDefault() : named(className);
    if (className != null && !className.isEmpty() && pc.isEmpty()) {
      throw forbidden(podName, "no PriorityClass with name " + className + " was found");
    }
    long priority = pc.map(c -> c.path("value").asLong(0)).orElse(0L);
    JsonNode given = spec.get("priority");
    if (given != null && !given.isNull() && given.asLong() != priority) {
      throw forbidden(podName, "the integer value of priority (" + given.asLong() + ") must not be provided in pod spec; "
          + "priority admission controller computed " + priority + " from the given PriorityClass name");
    }
    spec.put("priority", priority);
    if (pc.isPresent() && (spec.get("preemptionPolicy") == null || spec.get("preemptionPolicy").isNull())) {
      spec.put("preemptionPolicy", pc.get().path("preemptionPolicy").asString("PreemptLowerPriority"));
    }
    if (pc.isPresent() && (className == null || className.isEmpty())) {
      spec.put("priorityClassName", Json.text(pc.get(), "metadata.name"));
    }
  }

  private Optional<JsonNode> named(String name) {
    return storage.getRecent(PREFIX + name).map(e -> Json.MAPPER.readTree(e.value()));
  }

  private Optional<JsonNode> globalDefault() {
    for (Storage.Entry e : storage.list(PREFIX, null, 0, Storage.ANY_REVISION).entries()) {
      JsonNode c = Json.MAPPER.readTree(e.value());
      if (c.path("globalDefault").asBoolean(false)) return Optional.of(c);
    }
    return Optional.empty();
  }

  private static ApiException forbidden(String podName, String why) {
    return new ApiException(403, "Forbidden", "pods \"" + podName + "\" is forbidden: " + why, "", "pods", podName,
        java.util.List.of(), null);
  }
}
