package io.capstan.apiserver.authz.node;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * What a pod references, the edges of Kubernetes' node authorizer graph: secrets, config maps and
 * persistent volume claims through volumes (projected ones too), env, envFrom and image pull
 * secrets; its service account.
 */
public final class PodReferences {
  private PodReferences() {}

  /** Whether the pod uses any object of {@code kind}. */
  public static boolean any(JsonNode pod, String kind) {
    boolean[] found = {false};
    visit(pod, kind, n -> found[0] = true);
    return found[0];
  }

  static boolean references(JsonNode pod, String kind, String name) {
    boolean[] found = {false};
    visit(pod, kind, n -> found[0] |= name.equals(n));
    return found[0];
  }

  /** Calls {@code sink} with each name of {@code kind} ("secret", "configmap", "pvc", "serviceaccount") the pod uses. */
  static void visit(JsonNode pod, String kind, Consumer<String> sink) {
    JsonNode spec = pod.path("spec");
    switch (kind) {
      case "serviceaccount" -> {
        String sa = spec.path("serviceAccountName").asString("");
        sink.accept(sa.isEmpty() ? "default" : sa);
      }
      case "pvc" -> spec.path("volumes").forEach(v -> text(v.path("persistentVolumeClaim").path("claimName"), sink));
      case "secret" -> {
        spec.path("imagePullSecrets").forEach(s -> text(s.path("name"), sink));
        spec.path("volumes").forEach(v -> {
          text(v.path("secret").path("secretName"), sink);
          v.path("projected").path("sources").forEach(s -> text(s.path("secret").path("name"), sink));
        });
        containers(spec, c -> {
          c.path("env").forEach(e -> text(e.path("valueFrom").path("secretKeyRef").path("name"), sink));
          c.path("envFrom").forEach(e -> text(e.path("secretRef").path("name"), sink));
        });
      }
      case "configmap" -> {
        spec.path("volumes").forEach(v -> {
          text(v.path("configMap").path("name"), sink);
          v.path("projected").path("sources").forEach(s -> text(s.path("configMap").path("name"), sink));
        });
        containers(spec, c -> {
          c.path("env").forEach(e -> text(e.path("valueFrom").path("configMapKeyRef").path("name"), sink));
          c.path("envFrom").forEach(e -> text(e.path("configMapRef").path("name"), sink));
        });
      }
      default -> throw new IllegalArgumentException("unknown reference kind " + kind);
    }
  }

  private static void containers(JsonNode spec, Consumer<JsonNode> each) {
    for (String field : new String[] {"initContainers", "containers", "ephemeralContainers"}) spec.path(field).forEach(each);
  }

  private static void text(JsonNode n, Consumer<String> sink) {
    if (n.isString() && !n.asString().isEmpty()) sink.accept(n.asString());
  }
}
