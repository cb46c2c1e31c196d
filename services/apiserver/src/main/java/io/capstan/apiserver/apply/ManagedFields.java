package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.FieldPath;
import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.merge.VersionedSet;
import io.capstan.model.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metadata.managedFields} decoded: each manager's fields and the time of its last change.
 * Encoding follows upstream: no entry for an empty set, entries sorted by operation (Apply before
 * Update), time, manager, API version, subresource; times in whole seconds, UTC.
 */
final class ManagedFields {
  /** Upstream's {@code DefaultMaxUpdateManagers}. */
  static final int MAX_UPDATE_MANAGERS = 10;

  /** Fields never owned: type and object metadata the server sets. */
  private static final FieldSet SERVER_SET = FieldSet.of(
      FieldPath.ofFields("apiVersion"), FieldPath.ofFields("kind"), FieldPath.ofFields("metadata"),
      FieldPath.ofFields("metadata.name"), FieldPath.ofFields("metadata.namespace"),
      FieldPath.ofFields("metadata.creationTimestamp"), FieldPath.ofFields("metadata.selfLink"),
      FieldPath.ofFields("metadata.uid"), FieldPath.ofFields("metadata.clusterName"),
      FieldPath.ofFields("metadata.generation"), FieldPath.ofFields("metadata.managedFields"),
      FieldPath.ofFields("metadata.resourceVersion"));

  final TreeMap<String, VersionedSet> fields;
  final Map<String, Instant> times;

  ManagedFields(SortedMap<String, VersionedSet> fields, Map<String, Instant> times) {
    this.fields = new TreeMap<>(fields);
    this.times = new HashMap<>(times);
  }

  static ManagedFields empty() {
    return new ManagedFields(new TreeMap<>(), new HashMap<>());
  }

  ManagedFields copy() {
    return new ManagedFields(fields, times);
  }

  boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The object's managedFields; absent or null is empty. */
  static ManagedFields of(JsonNode object) {
    return decode(Json.at(object, "metadata.managedFields"));
  }

  /** Like {@link #of}, but an invalid list reads as empty (upstream logs and starts over). */
  static ManagedFields ofOrEmpty(JsonNode object) {
    try {
      return of(object);
    } catch (IllegalArgumentException e) {
      return empty();
    }
  }

  /**
   * @throws IllegalArgumentException with upstream's reason when an entry is invalid
   */
  static ManagedFields decode(JsonNode entries) {
    ManagedFields out = empty();
    if (entries == null || entries.isNull()) return out;
    if (!entries.isArray()) throw new IllegalArgumentException("managedFields must be a list");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      String op = Json.text(e, "operation");
      if (!ManagerId.APPLY.equals(op) && !ManagerId.UPDATE.equals(op)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = Json.text(e, "apiVersion");
      if (apiVersion == null || apiVersion.isEmpty()) throw new IllegalArgumentException("apiVersion must not be empty");
      String fieldsType = Json.text(e, "fieldsType");
      if (fieldsType == null || fieldsType.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      }
      if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
      }
      String id = ManagerId.of(e).id();
      out.fields.put(id, new VersionedSet(FieldSet.fromFieldsV1(e.get("fieldsV1")), apiVersion,
          ManagerId.APPLY.equals(op)));
      Instant time = parseTime(Json.text(e, "time"));
      if (time != null) out.times.put(id, time);
      else out.times.remove(id);
    }
    return out;
  }

  private static Instant parseTime(String s) {
    if (s == null || s.isEmpty()) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid time " + s);
    }
  }

  /** Whether a request asks to clear managedFields: an empty list, or one empty entry. */
  static boolean isReset(JsonNode object) {
    JsonNode mf = Json.at(object, "metadata.managedFields");
    if (mf == null || !mf.isArray()) return false;
    return mf.size() == 0 || (mf.size() == 1 && mf.get(0).isObject() && mf.get(0).size() == 0);
  }

  /** Drops server-set fields from a manager's set, and the manager when nothing is left. */
  void stripServerSet(String id) {
    VersionedSet vs = fields.get(id);
    if (vs == null) return;
    FieldSet s = vs.set().difference(SERVER_SET);
    if (s.isEmpty()) fields.remove(id);
    else fields.put(id, new VersionedSet(s, vs.apiVersion(), vs.applied()));
  }

  /** Folds the oldest update managers into {@code ancient-changes} until at most the maximum remain. */
  void capUpdateManagers() {
    List<String> updaters = new ArrayList<>();
    fields.forEach((id, vs) -> {
      if (!vs.applied()) updaters.add(id);
    });
    if (updaters.size() <= MAX_UPDATE_MANAGERS) return;
    updaters.sort(Comparator.comparingLong((String id) -> seconds(times.get(id))).thenComparing(id -> id));
    Map<String, String> firstOfVersion = new HashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      String id = updaters.get(i);
      VersionedSet vs = fields.get(id);
      String bucket = ManagerId.updater("ancient-changes", vs.apiVersion(), null).id();
      String first = firstOfVersion.putIfAbsent(vs.apiVersion(), id);
      if (first == null) continue;
      if (!fields.containsKey(bucket)) {
        fields.put(bucket, fields.remove(first));
        times.remove(first);
      }
      fields.put(bucket, new VersionedSet(vs.set().union(fields.get(bucket).set()), vs.apiVersion(), vs.applied()));
      fields.remove(id);
      length--;
      Instant t = times.remove(id);
      if (t != null) times.put(bucket, t);
      else times.remove(bucket);
    }
  }

  private static long seconds(Instant t) {
    return t == null ? 0 : t.getEpochSecond();
  }

  /** Writes the entries into {@code object.metadata.managedFields}, or removes the key when there are none. */
  void writeTo(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (fields.isEmpty()) {
      if (metadata instanceof ObjectNode m) m.remove("managedFields");
      return;
    }
    Json.objectAt(object, "metadata").set("managedFields", encode());
  }

  ArrayNode encode() {
    record Entry(ManagerId id, VersionedSet vs, Instant time) {}
    List<Entry> entries = new ArrayList<>();
    fields.forEach((id, vs) -> entries.add(new Entry(ManagerId.parse(id), vs, times.get(id))));
    entries.sort(Comparator.comparing((Entry e) -> e.vs().applied() ? ManagerId.APPLY : ManagerId.UPDATE)
        .thenComparingLong(e -> seconds(e.time()))
        .thenComparing(e -> nz(e.id().manager()))
        .thenComparing(e -> nz(e.vs().apiVersion()))
        .thenComparing(e -> nz(e.id().subresource())));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode o = out.addObject();
      if (!nz(e.id().manager()).isEmpty()) o.put("manager", e.id().manager());
      o.put("operation", e.vs().applied() ? ManagerId.APPLY : nz(e.id().operation()));
      o.put("apiVersion", e.vs().apiVersion());
      if (e.time() != null) o.put("time", e.time().truncatedTo(ChronoUnit.SECONDS).toString());
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", e.vs().set().toFieldsV1());
      if (!nz(e.id().subresource()).isEmpty()) o.put("subresource", e.id().subresource());
    }
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
