package io.capstan.apiserver.patch;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.apiserver.web.RequestBodies;
import io.capstan.model.ApiException;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
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

  private final SchemaLookup schemas;

  public Patches(SchemaLookup schemas) {
    this.schemas = schemas;
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
          throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
        }
      }
      default -> throw new ApiException(415, "UnsupportedMediaType", "the patch type " + mediaType
          + " is not supported here yet; supported: " + MERGE + ", " + JSON_PATCH);
    };
    if (!(result instanceof ObjectNode obj)) throw ApiException.badRequest("the patch did not produce an object");
    return obj;
  }
}
