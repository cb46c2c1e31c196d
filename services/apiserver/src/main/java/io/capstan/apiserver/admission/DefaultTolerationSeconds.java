package io.capstan.apiserver.admission;

import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' DefaultTolerationSeconds admission plugin: a new pod that does not already tolerate
 * the {@code node.kubernetes.io/not-ready} or {@code node.kubernetes.io/unreachable} NoExecute
 * taint gets a toleration for it with {@code tolerationSeconds} (300 by default, as
 * kube-apiserver's {@code --default-not-ready-toleration-seconds} and
 * {@code --default-unreachable-toleration-seconds}), so its pods leave a failed node after five
 * minutes rather than at once. Settings: {@code capstan.admission.default-not-ready-toleration-seconds},
 * {@code capstan.admission.default-unreachable-toleration-seconds}.
 */
@Component
public class DefaultTolerationSeconds implements RegistryHook {
  static final String NOT_READY = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";

  private final long notReadySeconds;
  private final long unreachableSeconds;

  public DefaultTolerationSeconds(@Value("${capstan.admission.default-not-ready-toleration-seconds:300}") long notReadySeconds,
      @Value("${capstan.admission.default-unreachable-toleration-seconds:300}") long unreachableSeconds) {
    this.notReadySeconds = notReadySeconds;
    this.unreachableSeconds = unreachableSeconds;
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode pod, boolean dryRun) {
    if (!type.group().isEmpty() || !type.plural().equals("pods")) return;
    ObjectNode spec = Json.objectAt(pod, "spec");
    JsonNode existing = spec.get("tolerations");
    boolean notReady = toleratesNoExecute(existing, NOT_READY);
    boolean unreachable = toleratesNoExecute(existing, UNREACHABLE);
    if (notReady && unreachable) return;
    ArrayNode tolerations = existing instanceof ArrayNode a ? a : spec.putArray("tolerations");
    if (!notReady) add(tolerations, NOT_READY, notReadySeconds);
    if (!unreachable) add(tolerations, UNREACHABLE, unreachableSeconds);
  }

  /** A toleration for {@code key} (or for every key) with effect NoExecute (or every effect). */
  private static boolean toleratesNoExecute(JsonNode tolerations, String key) {
    if (tolerations == null || !tolerations.isArray()) return false;
    for (JsonNode t : tolerations) {
      String k = t.path("key").asString("");
      String effect = t.path("effect").asString("");
      if ((k.isEmpty() || k.equals(key)) && (effect.isEmpty() || effect.equals("NoExecute"))) return true;
    }
    return false;
  }

  private static void add(ArrayNode tolerations, String key, long seconds) {
    tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
        .put("tolerationSeconds", seconds);
  }
}
