package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.GoText;
import io.capstan.apiserver.apply.merge.Updater;
import io.capstan.apiserver.apply.merge.VersionedSet;
import io.capstan.apiserver.apply.typed.SchemaType;
import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code metadata.managedFields} right on ordinary writes (create, update, non-apply patch),
 * as Kubernetes' field manager does: the writer takes ownership of every field it changed, other
 * managers lose those fields, and removed fields leave every manager. Later applies then conflict
 * with the writer, e.g. with {@code "kubectl-client-side-apply" using apps/v1}.
 */
public final class ManagedFieldsTracker {
  /** Upstream's limit on a manager name derived from the User-Agent, in bytes. */
  private static final int MAX_MANAGER_BYTES = 128;
  private static final String CURRENT_OPERATION = "current-operation";

  private final SchemaLookup schemas;

  public ManagedFieldsTracker(SchemaLookup schemas) {
    this.schemas = schemas;
  }

  /** {@link #recordUpdate(ObjectNode, ObjectNode, String, String, String, Instant, WriteScope)} on the main resource. */
  public void recordUpdate(ObjectNode old, ObjectNode updated, String manager, String operation, String apiVersion,
      Instant now) {
    recordUpdate(old, updated, manager, operation, apiVersion, now, WriteScope.MAIN);
  }

  /**
   * Rewrites {@code updated.metadata.managedFields} for a write by {@code manager}. Call it with the
   * object as the client asked for it (after defaulting, before the server sets uid, timestamps,
   * generation, which are never owned anyway).
   *
   * <p>The request's own managedFields are honoured when it sends valid ones (a client may edit
   * them; {@code []} clears them), else the old object's are kept; subresource writes always keep
   * the old object's. An existing object without managedFields stays untracked, as upstream: only
   * creates and applies start tracking.
   *
   * @param old the stored object, null on create
   * @param operation must be {@code "Update"}; applies go through {@link ServerSideApply}
   * @param apiVersion the group-version of the endpoint written to, e.g. {@code apps/v1}
   */
  public void recordUpdate(ObjectNode old, ObjectNode updated, String manager, String operation, String apiVersion,
      Instant now, WriteScope scope) {
    if (!ManagerId.UPDATE.equals(operation)) {
      throw new IllegalArgumentException("operation must be Update, not " + operation);
    }
    ManagedFields managed = managedBefore(old, updated, scope);
    boolean creating = old == null || Json.text(old, "metadata.uid") == null || Json.text(old, "metadata.uid").isEmpty();
    if (managed.isEmpty() && !creating) {
      ManagedFields.empty().writeTo(updated);
      return;
    }
    SchemaType type = SchemaType.root(schemas, apiVersion, Json.text(updated, "kind"));
    ObjectNode live = old == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(old);
    track(live, withoutManagedFields(updated), managed, manager, apiVersion, scope, type, now).writeTo(updated);
  }

  private static ManagedFields managedBefore(ObjectNode old, ObjectNode updated, WriteScope scope) {
    if (scope.isSubresource()) return old == null ? ManagedFields.empty() : ManagedFields.ofOrEmpty(old);
    if (ManagedFields.isReset(updated)) return ManagedFields.empty();
    ManagedFields sent = ManagedFields.ofOrEmpty(updated);
    if (!sent.isEmpty()) return sent;
    return old == null ? ManagedFields.empty() : ManagedFields.ofOrEmpty(old);
  }

  /**
   * Upstream's update path: the changes are first owned by a scratch manager, then merged into the
   * writer's entry, whose time moves only when something changed; server-set fields are never
   * owned; at most ten update entries are kept.
   */
  static ManagedFields track(JsonNode live, JsonNode updated, ManagedFields managed, String manager,
      String apiVersion, WriteScope scope, SchemaType type, Instant now) {
    String id = ManagerId.updater(manager, apiVersion, scope.subresource()).id();
    Updater updater = new Updater(type, scope.resetFields());
    ManagedFields out = new ManagedFields(updater.update(live, updated, apiVersion, managed.fields, CURRENT_OPERATION),
        managed.times);
    out.stripServerSet(CURRENT_OPERATION);
    VersionedSet changed = out.fields.remove(CURRENT_OPERATION);
    if (changed != null) {
      VersionedSet previous = out.fields.get(id);
      out.fields.put(id, previous == null ? changed
          : new VersionedSet(changed.set().union(previous.set()), changed.apiVersion(), changed.applied()));
      out.times.put(id, now);
    }
    out.capUpdateManagers();
    return out;
  }

  static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode m) m.remove("managedFields");
    return copy;
  }

  /**
   * The manager of a write: the {@code fieldManager} parameter when given, else derived from the
   * User-Agent as {@link #defaultManager}.
   */
  public static String managerFor(String fieldManager, String userAgent) {
    return fieldManager != null && !fieldManager.isEmpty() ? fieldManager : defaultManager(userAgent);
  }

  /**
   * Upstream's default manager: the User-Agent up to its first {@code /}, printable characters
   * only, at most 128 bytes ({@code kube-controller-manager/v1.32.0 (linux/amd64) ...} gives
   * {@code kube-controller-manager}). kubectl names its managers itself through {@code fieldManager}
   * ({@code kubectl-client-side-apply}, {@code kubectl-edit}, {@code kubectl-label}...).
   */
  public static String defaultManager(String userAgent) {
    if (userAgent == null) return "";
    int slash = userAgent.indexOf('/');
    String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < prefix.length(); ) {
      int cp = prefix.codePointAt(i);
      i += Character.charCount(cp);
      if (!GoText.isPrint(cp)) continue;
      if (bytes >= MAX_MANAGER_BYTES) break;
      out.appendCodePoint(cp);
      bytes += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
    }
    return out.toString();
  }
}
