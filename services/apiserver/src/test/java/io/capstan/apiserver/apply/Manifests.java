package io.capstan.apiserver.apply;

import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Test objects, written with single quotes for readability. */
final class Manifests {
  private Manifests() {}

  static ObjectNode obj(String singleQuoted) {
    return (ObjectNode) Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
  }

  /** The Deployment {@code default/web} with one container {@code web}, as a manifest. */
  static ObjectNode deployment(int replicas, String image) {
    return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default',"
        + "'labels':{'app':'web'}},'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},"
        + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'" + image
        + "'}]}}}}");
  }

  /** A partial Deployment configuration, {@code spec} given. */
  static ObjectNode partial(String spec) {
    return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},'spec':"
        + spec + "}");
  }

  /** The entry of a manager, or null. */
  static JsonNode entry(JsonNode object, String manager) {
    for (JsonNode e : object.path("metadata").path("managedFields")) {
      if (manager.equals(e.path("manager").asString())) return e;
    }
    return null;
  }

  /** A manager's FieldsV1 as compact JSON with single quotes. */
  static String fields(JsonNode object, String manager) {
    JsonNode e = entry(object, manager);
    return e == null ? null : Json.MAPPER.writeValueAsString(e.get("fieldsV1")).replace('"', '\'');
  }

  static ObjectNode withoutManagedFields(JsonNode object) {
    ObjectNode copy = (ObjectNode) object.deepCopy();
    ((ObjectNode) copy.get("metadata")).remove("managedFields");
    return copy;
  }
}
