package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.security.SecureRandom;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The checks and translations the generic registry applies to every kind, with Kubernetes' messages. */
final class RegistryChecks {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RegistryChecks() {}

  static void checkPreconditions(ResourceType type, String name, DeleteOptions o, ObjectNode current) {
    if (o.preconditionUid() != null && !o.preconditionUid().equals(Json.text(current, "metadata.uid"))) {
      throw ApiException.conflict(type.group(), type.plural(), name,
          "the UID in the precondition (" + o.preconditionUid() + ") does not match the UID in record ("
              + Json.text(current, "metadata.uid") + "). The object might have been deleted and then recreated");
    }
    if (o.preconditionResourceVersion() != null
        && !o.preconditionResourceVersion().equals(Json.text(current, "metadata.resourceVersion"))) {
      throw ApiException.conflict(type.group(), type.plural(), name,
          "the ResourceVersion in the precondition (" + o.preconditionResourceVersion()
              + ") does not match the ResourceVersion in record (" + Json.text(current, "metadata.resourceVersion")
              + "). The object might have been modified");
    }
  }

  static void checkResourceVersion(ResourceType type, String name, String expected, ObjectNode old) {
    if (expected != null && !expected.isEmpty() && !expected.equals(Json.text(old, "metadata.resourceVersion"))) {
      throw ApiException.conflict(type.group(), type.plural(), name,
          "the object has been modified; please apply your changes to the latest version and try again");
    }
  }

  static void checkNoNewFinalizers(ResourceType type, ObjectNode oldMeta, ObjectNode meta) {
    List<String> before = GenericRegistry.strings(oldMeta.get("finalizers"));
    for (String f : GenericRegistry.strings(meta.get("finalizers"))) {
      if (!before.contains(f)) {
        throw ApiException.forbidden("no new finalizers can be added if the object is being deleted, found new finalizers [\""
            + f + "\"]");
      }
    }
  }

  static void checkTypeMeta(ResourceType type, ObjectNode obj) {
    String kind = Json.text(obj, "kind");
    String apiVersion = Json.text(obj, "apiVersion");
    if (kind != null && !kind.isEmpty() && !kind.equals(type.kind())) {
      throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
          + type.kind() + ")");
    }
    if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + type.apiVersion() + ")");
    }
  }

  static void alignNamespace(ResourceType type, String namespace, ObjectNode meta) {
    if (!type.namespaced()) {
      meta.remove("namespace");
      return;
    }
    String bodyNs = Json.text(meta, "namespace");
    if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.put("namespace", namespace);
  }

  static String randomSuffix() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) sb.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    return sb.toString();
  }

  static RuntimeException translate(RuntimeException e, ResourceType type, String name) {
    if (!(e instanceof StorageException se)) return e;
    return switch (se.code()) {
      case KEY_EXISTS -> ApiException.alreadyExists(type.group(), type.plural(), name);
      case NOT_FOUND -> ApiException.notFound(type.group(), type.plural(), name);
      case CONFLICT -> ApiException.conflict(type.group(), type.plural(), name,
          "the object has been modified; please apply your changes to the latest version and try again");
      case COMPACTED -> ApiException.gone(se.getMessage());
      case UNAVAILABLE -> ApiException.unavailable("storage is unavailable: " + se.getMessage());
    };
  }
}
