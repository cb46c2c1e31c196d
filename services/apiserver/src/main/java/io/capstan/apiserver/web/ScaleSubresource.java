package io.capstan.apiserver.web;

import io.capstan.apiserver.crd.CustomResourceStrategy;
import io.capstan.apiserver.patch.Patches;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ScalePaths;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.capstan.model.selector.LabelSelector;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code <resource>/scale}: reads and writes the replica count as an {@code autoscaling/v1 Scale}. */
@Component
public class ScaleSubresource {
  private final GenericRegistry registry;

  private final Patches patches;

  public ScaleSubresource(GenericRegistry registry, Patches patches) {
    this.registry = registry;
    this.patches = patches;
  }

  /** Built-ins keep replicas in spec/status; a custom resource says where in its CRD. */
  private static ScalePaths pathsOf(Served served) {
    return served.strategy() instanceof CustomResourceStrategy c && c.scalePaths() != null
        ? c.scalePaths() : ScalePaths.BUILTIN;
  }

  void handle(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info, boolean dryRun)
      throws IOException {
    ScalePaths paths = pathsOf(served);
    ObjectNode result = switch (info.verb()) {
      case "get" -> toScale(registry.get(served, info.namespace(), info.name()), paths);
      case "update" -> {
        ObjectNode scale = RequestBodies.object(req, RequestBodies.read(req));
        yield write(served, info, paths, dryRun, current -> {
          String rv = Json.text(scale, "metadata.resourceVersion");
          if (rv != null && !rv.isEmpty() && !rv.equals(Json.text(current, "metadata.resourceVersion"))) {
            throw ApiException.conflict(served.type().group(), served.type().plural(), info.name(),
                "the object has been modified; please apply your changes to the latest version and try again");
          }
          return scale;
        });
      }
      case "patch" -> {
        byte[] body = RequestBodies.read(req);
        String mediaType = RequestBodies.mediaType(req);
        yield write(served, info, paths, dryRun, current -> patches.apply(mediaType, toScale(current, paths), body));
      }
      default -> throw ApiException.methodNotSupported(served.type().group(), served.type().plural() + "/scale", info.verb());
    };
    ObjectResponder.write(resp, 200, result);
  }

  private ObjectNode write(Served served, RequestInfo info, ScalePaths paths, boolean dryRun,
      Function<ObjectNode, ObjectNode> desiredScale) {
    ObjectNode updated = registry.patch(served, info.namespace(), info.name(), current -> {
      JsonNode replicas = desiredScale.apply(current).path("spec").path("replicas");
      if (!replicas.isIntegralNumber() || replicas.asLong() < 0) {
        throw ApiException.invalid("autoscaling", "Scale", info.name(), List.of(new ApiException.Cause(
            "FieldValueInvalid", "Invalid value: " + replicas + ": must be greater than or equal to 0", "spec.replicas")));
      }
      setPath(current, paths.specReplicas(), replicas.asInt());
      return current;
    }, false, dryRun);
    return toScale(updated, paths);
  }

  static ObjectNode toScale(ObjectNode obj, ScalePaths paths) {
    ObjectNode scale = Json.object();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      JsonNode v = obj.path("metadata").get(f);
      if (v != null) meta.set(f, v);
    }
    JsonNode spec = Json.at(obj, paths.specReplicas());
    scale.putObject("spec").put("replicas", spec == null ? 0 : spec.asInt());
    ObjectNode status = scale.putObject("status");
    JsonNode current = Json.at(obj, paths.statusReplicas());
    status.put("replicas", current == null ? 0 : current.asInt());
    String selector = paths.labelSelector() != null ? Json.text(obj, paths.labelSelector())
        : selectorString(obj.path("spec").path("selector"));
    if (selector != null && !selector.isEmpty()) status.put("selector", selector);
    return scale;
  }

  private static String selectorString(JsonNode selector) {
    if (selector.isMissingNode() || selector.isNull()) return null;
    if (!selector.has("matchLabels") && !selector.has("matchExpressions")) {
      // ReplicationController: a plain label map.
      ObjectNode wrapped = Json.object();
      wrapped.set("matchLabels", selector);
      selector = wrapped;
    }
    return LabelSelector.fromJson(selector).toString();
  }

  private static void setPath(ObjectNode obj, String dotted, int value) {
    String[] parts = dotted.split("\\.");
    ObjectNode cur = obj;
    for (int i = 0; i < parts.length - 1; i++) cur = Json.objectAt(cur, parts[i]);
    cur.put(parts[parts.length - 1], value);
  }
}
