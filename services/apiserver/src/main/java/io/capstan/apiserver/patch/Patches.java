package io.capstan.apiserver.patch;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.apiserver.resource.BuiltinResources;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.web.RequestBodies;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Applies a PATCH body to the stored object, by the patch dialect its Content-Type names. */
@Component
public class Patches {
  public static final String MERGE = "application/merge-patch+json";
  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String STRATEGIC = "application/strategic-merge-patch+json";
  public static final String APPLY = "application/apply-patch+yaml";

  /**
   * Kinds compiled into the server, by "apiVersion/kind". Only these take a strategic merge patch:
   * Kubernetes' merge keys come from Go types, so custom resources are refused (the
   * apiextensions server does not list the type), and so is anything else it has no type for.
   */
  private static final Set<String> TYPED_KINDS = typedKinds();

  private final SchemaLookup schemas;
  private final StrategicMergePatch strategic;

  public Patches(SchemaLookup schemas) {
    this.schemas = schemas;
    this.strategic = new StrategicMergePatch(schemas);
  }

  /** The patched object; {@code current} carries apiVersion and kind, which select the schema for merge keys. */
  public ObjectNode apply(String mediaType, ObjectNode current, byte[] body) {
    JsonNode result = switch (mediaType) {
      case MERGE -> {
        JsonNode patch = RequestBodies.json(body);
        if (!patch.isObject()) throw ApiException.badRequest("a merge patch must be a JSON object");
        yield MergePatch.apply(current, patch);
      }
      case JSON_PATCH -> {
        JsonNode patch = RequestBodies.json(body);
        if (!patch.isArray()) throw ApiException.badRequest("a JSON patch must be a JSON array of operations");
        try {
          yield JsonPatch.apply(patch, current);
        } catch (JsonPatchException | IllegalArgumentException e) {
          // Kubernetes' answer (NewGenericServerResponse 422): the operation's own error is not shown.
          throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request");
        }
      }
      case STRATEGIC -> strategic(current, body);
      case APPLY -> throw new ApiException(415, "UnsupportedMediaType", "server-side apply (" + APPLY
          + ") is not supported by this server yet; use client-side kubectl apply (without --server-side)");
      default -> throw unsupported(JSON_PATCH, MERGE, STRATEGIC);
    };
    if (!(result instanceof ObjectNode obj)) throw ApiException.badRequest("the patch did not produce an object");
    return obj;
  }

  private ObjectNode strategic(ObjectNode current, byte[] body) {
    String apiVersion = Json.text(current, "apiVersion");
    String kind = Json.text(current, "kind");
    if (!TYPED_KINDS.contains(apiVersion + "/" + kind)) {
      // What the apiextensions server answers for custom resources; kubectl reads the 415 and says to use --type merge.
      throw unsupported(JSON_PATCH, MERGE, APPLY);
    }
    JsonNode patch = RequestBodies.json(body);
    if (!patch.isObject()) throw ApiException.badRequest("a strategic merge patch must be a JSON object");
    JsonNode schema = schemas.root(apiVersion, kind).orElseGet(Json::object);
    return strategic.apply(current, (ObjectNode) patch, schema);
  }

  /** Kubernetes' UnsupportedMediaType for a patch type the resource does not accept. */
  private static ApiException unsupported(String... accepted) {
    return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
        + "accepted media types include: " + String.join(", ", accepted));
  }

  private static Set<String> typedKinds() {
    Set<String> kinds = new HashSet<>();
    for (ResourceType t : BuiltinResources.all()) kinds.add(t.apiVersion() + "/" + t.kind());
    kinds.add("autoscaling/v1/Scale"); // the scale subresource's body
    return Set.copyOf(kinds);
  }
}
