package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Create, read, update and delete of any served kind (Kubernetes' generic {@code registry.Store}):
 * object metadata, generation, status separation, finalizers and graceful deletion are handled
 * here once; what differs per kind lives in its {@link io.capstan.apiserver.resource.ResourceStrategy}.
 */
public class GenericRegistry {

  private final Storage storage;
  private final Clock clock;
  private final List<RegistryHook> hooks;
  private final MetadataValidator metadataValidator;
  private final NamespaceGuard namespaceGuard;

  public GenericRegistry(Storage storage, Clock clock, List<RegistryHook> hooks,
      MetadataValidator metadataValidator, NamespaceGuard namespaceGuard) {
    this.storage = storage;
    this.clock = clock;
    this.hooks = hooks;
    this.metadataValidator = metadataValidator;
    this.namespaceGuard = namespaceGuard;
  }

  public Storage storage() {
    return storage;
  }

  // ---- create ----------------------------------------------------------------------------

  public ObjectNode create(Served served, String namespace, ObjectNode obj, boolean dryRun) {
    ResourceType type = served.type();
    RegistryChecks.checkTypeMeta(type, obj);
    ObjectNode meta = Json.objectAt(obj, "metadata");
    RegistryChecks.alignNamespace(type, namespace, meta);
    String name = Json.text(meta, "name");
    String generateName = Json.text(meta, "generateName");
    if ((name == null || name.isEmpty()) && generateName != null && !generateName.isEmpty()) {
      name = generateName + RegistryChecks.randomSuffix();
      meta.put("name", name);
    }
    if (type.namespaced()) namespaceGuard.checkCanCreateIn(namespace);

    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", now.toString());
    meta.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
    if (served.strategy().hasStatus() && !type.kind().equals("Node")) obj.remove("status");
    if (managesGeneration(served)) meta.put("generation", 1);
    served.strategy().applyDefaults(obj);
    served.strategy().prepareForCreate(obj);
    validate(served, obj, metadataValidator.validateCreate(type, obj), served.strategy().validate(obj));

    obj.put("apiVersion", type.apiVersion());
    obj.put("kind", type.kind());
    String key = type.key(namespace, name);
    for (RegistryHook h : hooks) h.beforeCreate(type, obj, dryRun);
    if (dryRun) return obj;
    try {
      Storage.Entry e = storage.create(key, ObjectCodec.encodeForStorage(obj));
      ObjectNode stored = ObjectCodec.decodeStored(type, e.value(), e.modRevision());
      for (RegistryHook h : hooks) h.afterWrite(type, stored);
      return stored;
    } catch (RuntimeException e) {
      for (RegistryHook h : hooks) h.createFailed(type, obj);
      throw RegistryChecks.translate(e, type, name);
    }
  }

  // ---- read ------------------------------------------------------------------------------

  public ObjectNode get(Served served, String namespace, String name) {
    ResourceType type = served.type();
    try {
      Storage.Entry e = storage.get(type.key(namespace, name))
          .orElseThrow(() -> ApiException.notFound(type.group(), type.plural(), name));
      return ObjectCodec.decodeStored(type, e.value(), e.modRevision());
    } catch (StorageException e) {
      throw RegistryChecks.translate(e, type, name);
    }
  }

  /**
   * One page of matching objects. Pages are read from etcd until {@code limit} objects passed the
   * filter, so a selective filter still fills the page, and every page uses the first page's revision.
   */
  public ListResult list(Served served, String namespace, ListOptions options) {
    ResourceType type = served.type();
    String prefix = type.listPrefix(namespace);
    long revision = 0;
    String start = null;
    if (options.continueToken() != null && !options.continueToken().isEmpty()) {
      ContinueToken token = ContinueToken.decode(options.continueToken());
      revision = token.revision();
      start = prefix + token.startKeySuffix();
    }
    List<ObjectNode> items = new ArrayList<>();
    long limit = options.limit();
    if (options.anyVersion() && start == null) {
      revision = Storage.ANY_REVISION;
      limit = 0;
    }
    try {
      while (true) {
        long want = limit > 0 ? limit - items.size() : 0;
        Storage.Page page = storage.list(prefix, start, want, revision);
        revision = page.revision();
        for (Storage.Entry e : page.entries()) {
          ObjectNode o = ObjectCodec.decodeStored(type, e.value(), e.modRevision());
          if (options.filter().test(o)) items.add(o);
        }
        if (page.nextKey() == null) {
          return new ListResult(items, revision, null, null);
        }
        start = page.nextKey();
        if (limit > 0 && items.size() >= limit) {
          String token = new ContinueToken(revision, start.substring(prefix.length())).encode();
          return new ListResult(items, revision, token, page.remaining() > 0 ? page.remaining() : null);
        }
      }
    } catch (StorageException e) {
      throw RegistryChecks.translate(e, type, null);
    }
  }

  // ---- update ----------------------------------------------------------------------------

  /** PUT: replaces the object (or only its status when {@code statusOnly}). */
  public ObjectNode update(Served served, String namespace, String name, ObjectNode incoming,
      boolean statusOnly, boolean dryRun) {
    ResourceType type = served.type();
    RegistryChecks.checkTypeMeta(type, incoming);
    ObjectNode meta = Json.objectAt(incoming, "metadata");
    String bodyName = Json.text(meta, "name");
    if (bodyName != null && !bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyName
          + ") does not match the name on the URL (" + name + ")");
    }
    meta.put("name", name);
    RegistryChecks.alignNamespace(type, namespace, meta);
    String expectedRv = Json.text(meta, "resourceVersion");
    return write(served, namespace, name, dryRun, old -> {
      RegistryChecks.checkResourceVersion(type, name, expectedRv, old);
      return incoming.deepCopy();
    }, statusOnly);
  }

  /** PATCH: {@code patcher} turns the stored object into the desired one; retried on conflict. */
  public ObjectNode patch(Served served, String namespace, String name, UnaryOperator<ObjectNode> patcher,
      boolean statusOnly, boolean dryRun) {
    ResourceType type = served.type();
    return write(served, namespace, name, dryRun, old -> {
      ObjectNode patched = patcher.apply(old.deepCopy());
      ObjectNode meta = Json.objectAt(patched, "metadata");
      String rv = Json.text(meta, "resourceVersion");
      // A patch that names a resourceVersion asks for optimistic concurrency, as in Kubernetes.
      if (rv != null && !rv.equals(Json.text(old, "metadata.resourceVersion"))) {
        RegistryChecks.checkResourceVersion(type, name, rv, old);
      }
      String patchedName = Json.text(meta, "name");
      if (patchedName != null && !patchedName.equals(name)) {
        throw ApiException.badRequest("metadata.name: Invalid value: \"" + patchedName
            + "\": field is immutable");
      }
      meta.put("name", name);
      if (type.namespaced()) meta.put("namespace", namespace);
      return patched;
    }, statusOnly);
  }

  private ObjectNode write(Served served, String namespace, String name, boolean dryRun,
      UnaryOperator<ObjectNode> desired, boolean statusOnly) {
    ResourceType type = served.type();
    String key = type.key(namespace, name);
    ObjectNode[] result = new ObjectNode[1];
    boolean[] finalize = new boolean[1];
    try {
      if (dryRun) {
        ObjectNode old = get(served, namespace, name);
        return prepareUpdate(served, old, desired.apply(old), statusOnly);
      }
      Storage.Entry e = storage.guaranteedUpdate(key, current -> {
        ObjectNode old = ObjectCodec.decodeStored(type, current.value(), current.modRevision());
        ObjectNode updated = prepareUpdate(served, old, desired.apply(old), statusOnly);
        finalize[0] = isReadyToFinalize(updated);
        result[0] = updated;
        return ObjectCodec.encodeForStorage(updated);
      });
      ObjectNode stored = ObjectCodec.decodeStored(type, e.value(), e.modRevision());
      if (finalize[0]) {
        // The last finalizer is gone from an object being deleted: now it really goes.
        return deleteNow(type, namespace, name, null);
      }
      for (RegistryHook h : hooks) h.afterWrite(type, stored);
      return stored;
    } catch (StorageException e) {
      throw RegistryChecks.translate(e, type, name);
    }
  }

  private ObjectNode prepareUpdate(Served served, ObjectNode old, ObjectNode incoming, boolean statusOnly) {
    ResourceType type = served.type();
    ObjectNode result;
    ObjectNode oldMeta = Json.objectAt(old, "metadata");
    if (statusOnly) {
      // Writes through /status change status only (and, as in Kubernetes, nothing of spec).
      result = old.deepCopy();
      if (incoming.has("status")) result.set("status", incoming.get("status"));
      else result.remove("status");
    } else {
      result = incoming;
      if (served.strategy().hasStatus()) {
        if (old.has("status")) result.set("status", old.get("status"));
        else result.remove("status");
      }
    }
    ObjectNode meta = Json.objectAt(result, "metadata");
    for (String immutable : List.of("uid", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "generation", "namespace")) {
      if (oldMeta.has(immutable)) meta.set(immutable, oldMeta.get(immutable));
      else meta.remove(immutable);
    }
    meta.put("resourceVersion", Json.text(oldMeta, "resourceVersion"));
    if (oldMeta.has("deletionTimestamp")) {
      RegistryChecks.checkNoNewFinalizers(type, oldMeta, meta);
    }
    if (!statusOnly) {
      served.strategy().prepareForUpdate(result, old);
      served.strategy().applyDefaults(result);
      if (managesGeneration(served) && specChanged(old, result)) {
        meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
      }
    }
    result.put("apiVersion", type.apiVersion());
    result.put("kind", type.kind());
    validate(served, result, metadataValidator.validateUpdate(type, result, old),
        served.strategy().validateUpdate(result, old));
    for (RegistryHook h : hooks) h.beforeUpdate(type, result, old);
    return result;
  }

  // ---- delete ----------------------------------------------------------------------------

  /**
   * Deletes now, or marks for deletion when finalizers (or graceful pod termination) must run
   * first; the returned object is the last stored state.
   */
  public ObjectNode delete(Served served, String namespace, String name, DeleteOptions options) {
    ResourceType type = served.type();
    String key = type.key(namespace, name);
    try {
      ObjectNode current = get(served, namespace, name);
      RegistryChecks.checkPreconditions(type, name, options, current);
      for (RegistryHook h : hooks) h.beforeDelete(type, current);
      DeletionPlan plan = DeletionPlan.decide(type, current, options);
      if (options.dryRun()) return current;
      if (plan == DeletionPlan.IMMEDIATE) {
        return deleteNow(type, namespace, name, options);
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Storage.Entry e = storage.guaranteedUpdate(key, entry -> {
        ObjectNode obj = ObjectCodec.decodeStored(type, entry.value(), entry.modRevision());
        RegistryChecks.checkPreconditions(type, name, options, obj);
        DeletionPlan.mark(type, obj, options, now);
        return ObjectCodec.encodeForStorage(obj);
      });
      ObjectNode stored = ObjectCodec.decodeStored(type, e.value(), e.modRevision());
      for (RegistryHook h : hooks) h.afterWrite(type, stored);
      return stored;
    } catch (StorageException e) {
      throw RegistryChecks.translate(e, type, name);
    }
  }

  private ObjectNode deleteNow(ResourceType type, String namespace, String name, DeleteOptions options) {
    String key = type.key(namespace, name);
    Storage.Entry e = storage.delete(key, current -> {
      ObjectNode obj = ObjectCodec.decodeStored(type, current.value(), current.modRevision());
      if (options != null) RegistryChecks.checkPreconditions(type, name, options, obj);
      if (!Json.objectAt(obj, "metadata").path("finalizers").isEmpty()) {
        throw ApiException.conflict(type.group(), type.plural(), name,
            "finalizers were added while deleting; retry");
      }
    });
    ObjectNode last = ObjectCodec.decodeStored(type, e.value(), e.modRevision());
    for (RegistryHook h : hooks) h.afterDelete(type, last);
    return last;
  }

  // ---- helpers ---------------------------------------------------------------------------




  private static boolean isReadyToFinalize(ObjectNode obj) {
    ObjectNode meta = Json.objectAt(obj, "metadata");
    if (!meta.has("deletionTimestamp") || !meta.path("finalizers").isEmpty()) return false;
    // A namespace also waits for its content to be gone (spec.finalizers "kubernetes").
    if ("Namespace".equals(Json.text(obj, "kind")) && !obj.path("spec").path("finalizers").isEmpty()) return false;
    // A pod in graceful termination waits for its node agent to confirm (grace period 0).
    return !"Pod".equals(Json.text(obj, "kind")) || meta.path("deletionGracePeriodSeconds").asLong(0) == 0;
  }

  static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr != null && arr.isArray()) arr.forEach(n -> out.add(n.asString()));
    return out;
  }

  /** Kinds whose strategy tracks metadata.generation in Kubernetes 1.32; others leave it unset. */
  private static final java.util.Set<String> GENERATION_TRACKED = java.util.Set.of(
      "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets", "batch/jobs",
      "batch/cronjobs", "/replicationcontrollers", "apiextensions.k8s.io/customresourcedefinitions",
      "policy/poddisruptionbudgets", "networking.k8s.io/networkpolicies", "networking.k8s.io/ingresses",
      "autoscaling/horizontalpodautoscalers");

  private static boolean managesGeneration(Served served) {
    return served.strategy() instanceof io.capstan.apiserver.crd.CustomResourceStrategy
        || GENERATION_TRACKED.contains(served.type().group() + "/" + served.type().plural());
  }

  /** Everything outside metadata and status is "spec" for the generation counter. */
  private static boolean specChanged(ObjectNode old, ObjectNode updated) {
    ObjectNode a = old.deepCopy();
    ObjectNode b = updated.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      o.remove(List.of("metadata", "status", "apiVersion", "kind"));
    }
    return !a.equals(b);
  }

  private void validate(Served served, ObjectNode obj, List<ApiException.Cause> meta, List<ApiException.Cause> spec) {
    List<ApiException.Cause> all = new ArrayList<>(meta);
    all.addAll(spec);
    if (!all.isEmpty()) {
      throw ApiException.invalid(served.type().group(), served.type().kind(), Json.text(obj, "metadata.name"), all);
    }
  }




  /** Storage failures as the Status a Kubernetes client expects. */

}
