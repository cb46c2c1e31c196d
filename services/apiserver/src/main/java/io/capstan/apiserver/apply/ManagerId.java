package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.GoText;
import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;

/**
 * Who owns a set of fields: Kubernetes' manager identifier, a managedFields entry without its
 * fields and time. Appliers are identified without an API version, so re-applying in another
 * version is the same manager; updaters with it.
 */
record ManagerId(String manager, String operation, String apiVersion, String subresource) {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  static ManagerId applier(String manager, String subresource) {
    return new ManagerId(orUnknown(manager), APPLY, null, subresource);
  }

  static ManagerId updater(String manager, String apiVersion, String subresource) {
    return new ManagerId(orUnknown(manager), UPDATE, apiVersion, subresource);
  }

  /** The identifier of a stored entry. */
  static ManagerId of(JsonNode entry) {
    String op = Json.text(entry, "operation");
    return new ManagerId(Json.text(entry, "manager"), op, APPLY.equals(op) ? null : Json.text(entry, "apiVersion"),
        Json.text(entry, "subresource"));
  }

  /** As upstream's build step: an empty manager name is recorded as {@code unknown}. */
  private static String orUnknown(String manager) {
    return manager == null || manager.isEmpty() ? "unknown" : manager;
  }

  /** The identifier as upstream encodes it (Go JSON, empty fields omitted); managers sort by it. */
  String id() {
    StringBuilder sb = new StringBuilder("{");
    field(sb, "manager", manager);
    field(sb, "operation", operation);
    field(sb, "apiVersion", apiVersion);
    field(sb, "subresource", subresource);
    return sb.append('}').toString();
  }

  private static void field(StringBuilder sb, String name, String value) {
    if (value == null || value.isEmpty()) return;
    if (sb.length() > 1) sb.append(',');
    sb.append('"').append(name).append("\":").append(GoText.jsonString(value));
  }

  static ManagerId parse(String id) {
    return of(Json.MAPPER.readTree(id));
  }

  /** As conflicts name a manager: {@code "kubectl"}, {@code "kube-controller-manager" using apps/v1}. */
  String describe() {
    String s = GoText.quote(manager == null ? "" : manager);
    if (subresource != null && !subresource.isEmpty()) s += " with subresource " + GoText.quote(subresource);
    if (UPDATE.equals(operation)) s += " using " + (apiVersion == null ? "" : apiVersion);
    return s;
  }
}
