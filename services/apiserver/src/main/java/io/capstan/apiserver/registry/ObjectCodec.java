package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bytes in etcd ↔ object trees. The stored form has no resourceVersion (the etcd revision is the
 * version); reading puts it back so clients always see the revision they must send back.
 */
public final class ObjectCodec {
  private ObjectCodec() {}

  public static ObjectNode decodeStored(ResourceType type, byte[] value, long modRevision) {
    ObjectNode obj = parse(value);
    obj.put("apiVersion", type.apiVersion());
    obj.put("kind", type.kind());
    Json.objectAt(obj, "metadata").put("resourceVersion", Long.toString(modRevision));
    return obj;
  }

  public static byte[] encodeForStorage(ObjectNode obj) {
    ObjectNode copy = obj.deepCopy();
    Json.objectAt(copy, "metadata").remove("resourceVersion");
    return Json.MAPPER.writeValueAsBytes(copy);
  }

  /** A client's JSON body as an object; anything else is a 400 that names the problem. */
  public static ObjectNode parseRequest(byte[] body) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("the object provided is unrecognized or malformed: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw ApiException.badRequest("the request body is empty; an object was expected");
    }
    if (!(node instanceof ObjectNode obj)) {
      throw ApiException.badRequest("the object provided is unrecognized (must be a JSON object, got "
          + node.getNodeType().name().toLowerCase() + ")");
    }
    return obj;
  }

  private static ObjectNode parse(byte[] value) {
    return (ObjectNode) Json.MAPPER.readTree(value);
  }
}
