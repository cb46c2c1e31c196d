package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.JsonValues;
import io.capstan.apiserver.apply.merge.Conflict;
import io.capstan.apiserver.apply.merge.ConflictsException;
import io.capstan.apiserver.apply.merge.Updater;
import io.capstan.apiserver.apply.typed.SchemaType;
import io.capstan.apiserver.apply.typed.Typed;
import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}), as Kubernetes'
 * field manager does it: the configuration is merged into the live object by its schema, the
 * applier comes to own exactly the fields it applied, fields it stopped applying are removed
 * unless another manager owns them, and changing a field another manager owns is a 409 conflict
 * unless forced, which moves the field to the applier. The manager {@code kubectl} may take over
 * fields its client-side apply recorded in the last-applied annotation without conflict.
 *
 * <p>Stateless. The caller validates the request (see {@link #requireFieldManager},
 * {@link #requireType}), defaults the result, runs the strategy and stores it.
 */
public final class ServerSideApply {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final String BEFORE_FIRST_APPLY = "before-first-apply";

  /**
   * @param object the object to store, with its managedFields
   * @param created the object did not exist (answer 201)
   * @param changed the object differs from the live one, managedFields included (else nothing to write)
   */
  public record Result(ObjectNode object, boolean created, boolean changed) {}

  /** {@link #apply(ObjectNode, ObjectNode, String, boolean, SchemaLookup, Instant, WriteScope)} on the main resource. */
  public Result apply(ObjectNode live, ObjectNode applied, String manager, boolean force, SchemaLookup schemas,
      Instant now) {
    return apply(live, applied, manager, force, schemas, now, WriteScope.MAIN);
  }

  /**
   * Applies {@code applied} for {@code manager}. Neither input is modified.
   *
   * @param live the stored object, or null to create it
   * @param applied the configuration, as {@link #parse} returns it; its apiVersion and kind select the schema
   * @throws ApiException 409 Conflict listing every conflicting field; 400 when the configuration
   *     has no type or carries managedFields; 500 when it cannot be typed (duplicate list items,
   *     undeclared fields), with upstream's message
   */
  public Result apply(ObjectNode live, ObjectNode applied, String manager, boolean force, SchemaLookup schemas,
      Instant now, WriteScope scope) {
    String apiVersion = Json.text(applied, "apiVersion");
    String kind = Json.text(applied, "kind");
    if (apiVersion == null || apiVersion.isEmpty() || kind == null || kind.isEmpty()) {
      throw ApiException.badRequest("invalid object type: " + gvk(apiVersion, kind));
    }
    JsonNode sentManagedFields = Json.at(applied, "metadata.managedFields");
    if (sentManagedFields != null && !sentManagedFields.isNull()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    SchemaType type = SchemaType.root(schemas, apiVersion, kind);
    List<String> errors = Typed.validate(applied, type);
    if (!errors.isEmpty()) {
      // Upstream answers these with a bare 500 (no reason), which kubectl prints as "Error from server: ...".
      throw new ApiException(500, null, "failed to create typed patch object (" + nz(Json.text(applied,
          "metadata.namespace")) + "/" + nz(Json.text(applied, "metadata.name")) + "; " + gvk(apiVersion, kind)
          + "): " + joinErrors(errors));
    }

    ObjectNode liveObj = live == null ? JsonNodeFactory.instance.objectNode()
        : ManagedFieldsTracker.withoutManagedFields(live);
    ManagedFields managed;
    try {
      managed = live == null ? ManagedFields.empty() : ManagedFields.of(live);
    } catch (IllegalArgumentException e) {
      throw new ApiException(500, null, "failed to decode managed fields: " + e.getMessage());
    }
    if (managed.isEmpty()) {
      // An object that predates field tracking: what it holds now is owned by "before-first-apply".
      managed = ManagedFieldsTracker.track(JsonNodeFactory.instance.objectNode(), liveObj, managed,
          BEFORE_FIRST_APPLY, apiVersion, scope, type, now);
    }

    Outcome out;
    try {
      out = applyOnce(liveObj, applied, managed, manager, force, apiVersion, scope, type, now);
    } catch (ConflictsException e) {
      out = applyOverClientSideApply(e, liveObj, applied, managed, manager, apiVersion, scope, type, now);
    }
    if (LastAppliedConfig.KUBECTL.equals(manager)) LastAppliedConfig.sync(out.object(), applied);
    out.managed().writeTo(out.object());
    boolean changed = live == null || !JsonValues.equal(live, out.object());
    return new Result(out.object(), live == null, changed);
  }

  private record Outcome(ObjectNode object, ManagedFields managed) {}

  private static Outcome applyOnce(ObjectNode live, ObjectNode applied, ManagedFields managed, String manager,
      boolean force, String apiVersion, WriteScope scope, SchemaType type, Instant now) {
    String id = ManagerId.applier(manager, scope.subresource()).id();
    Updater.Applied a = new Updater(type, scope.resetFields()).apply(live, applied, apiVersion, managed.fields, id,
        force);
    ManagedFields m = new ManagedFields(a.managers(), managed.times);
    m.stripServerSet(id);
    // A no-op apply keeps the object and its entry's time (a new entry then has none, as upstream).
    if (a.object() == null) return new Outcome(live.deepCopy(), m);
    m.times.put(id, now);
    return new Outcome((ObjectNode) a.object(), m);
  }

  /**
   * Conflicts of {@code kubectl} with fields its client-side apply recorded, and that still hold
   * the recorded values, are allowed: the upgrade path from client-side to server-side apply.
   */
  private static Outcome applyOverClientSideApply(ConflictsException e, ObjectNode live, ObjectNode applied,
      ManagedFields managed, String manager, String apiVersion, WriteScope scope, SchemaType type, Instant now) {
    if (!LastAppliedConfig.KUBECTL.equals(manager)) throw ApplyConflicts.error(e.conflicts());
    FieldSet allowed = LastAppliedConfig.takeOverAllowed(live, apiVersion, type);
    if (allowed == null) throw ApplyConflicts.error(e.conflicts());
    List<Conflict> remaining = e.conflicts().stream().filter(c -> !allowed.has(c.path())).toList();
    if (!remaining.isEmpty()) throw ApplyConflicts.error(remaining);
    return applyOnce(live, applied, managed, manager, true, apiVersion, scope, type, now);
  }

  /**
   * The body of an apply request, YAML or JSON.
   *
   * @throws ApiException 400 when it is not a YAML or JSON object
   */
  public static ObjectNode parse(byte[] body) {
    if (body == null || body.length == 0) return JsonNodeFactory.instance.objectNode();
    JsonNode n;
    try {
      n = looksLikeJson(body) ? readJsonOrYaml(body) : YAML.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("error decoding YAML: " + e.getOriginalMessage());
    }
    if (n == null || n.isNull() || n.isMissingNode()) return JsonNodeFactory.instance.objectNode();
    if (n instanceof ObjectNode o) return o;
    String goKind = n.isArray() ? "array" : n.isString() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "bool" : "value";
    throw ApiException.badRequest("error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot "
        + "unmarshal " + goKind + " into Go value of type map[string]interface {}");
  }

  private static JsonNode readJsonOrYaml(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      return YAML.readTree(body);
    }
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
      return b == '{' || b == '[';
    }
    return false;
  }

  /**
   * Upstream's check that the configuration is of the endpoint's kind.
   *
   * @throws ApiException 400 {@code invalid object type: apps/v1, Kind=Deployment}
   */
  public static void requireType(ObjectNode applied, String apiVersion, String kind) {
    String av = Json.text(applied, "apiVersion");
    String k = Json.text(applied, "kind");
    if (!apiVersion.equals(av) || !kind.equals(k)) throw ApiException.badRequest("invalid object type: " + gvk(av, k));
  }

  /**
   * Apply requests must name their manager.
   *
   * @throws ApiException 422 {@code PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch}
   */
  public static void requireFieldManager(String fieldManager) {
    if (fieldManager != null && !fieldManager.isEmpty()) return;
    throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
        + "is required for apply patch", "meta.k8s.io", "PatchOptions", "",
        List.of(new ApiException.Cause("FieldValueRequired", "Required value: is required for apply patch",
            "fieldManager")), null);
  }

  /** A group-version-kind as Go prints it: {@code apps/v1, Kind=Deployment}, {@code /v1, Kind=Pod}. */
  private static String gvk(String apiVersion, String kind) {
    String av = nz(apiVersion);
    String gv = av.contains("/") ? av : "/" + av;
    return gv + ", Kind=" + nz(kind);
  }

  private static String joinErrors(List<String> errors) {
    if (errors.size() == 1) return errors.get(0);
    return "errors:\n  " + String.join("\n  ", errors);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
