package io.capstan.apiserver.apply.merge;

import io.capstan.apiserver.apply.fieldpath.FieldPath;
import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.JsonValues;
import io.capstan.apiserver.apply.typed.Comparison;
import io.capstan.apiserver.apply.typed.SchemaType;
import io.capstan.apiserver.apply.typed.Typed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Ownership bookkeeping for one object type, structured-merge-diff's {@code merge.Updater} for a
 * single API version. Managers are keyed by opaque identifiers; the map passed in is not modified.
 * Reset fields ({@code ignored}) are neither owned nor conflicted on.
 */
public final class Updater {
  private final SchemaType type;
  private final FieldSet ignored;

  /** The merged object (null when the apply changes nothing) and the new ownership. */
  public record Applied(JsonNode object, SortedMap<String, VersionedSet> managers) {}

  public Updater(SchemaType type, FieldSet ignored) {
    this.type = type;
    this.ignored = ignored == null ? FieldSet.EMPTY : ignored;
  }

  /**
   * Records a write that is already merged: {@code manager} takes the fields that changed, which
   * other managers lose; removed fields leave every manager.
   */
  public SortedMap<String, VersionedSet> update(JsonNode live, JsonNode updated, String version,
      Map<String, VersionedSet> managers, String manager) {
    Changes changes = changes(live, updated, managers, manager, true);
    TreeMap<String, VersionedSet> out = changes.managers();
    Comparison c = changes.comparison();
    VersionedSet previous = out.get(manager);
    FieldSet set = (previous == null ? FieldSet.EMPTY : previous.set())
        .difference(c.removed()).union(c.modified()).union(c.added()).recursiveDifference(ignored);
    if (set.isEmpty()) out.remove(manager);
    else out.put(manager, new VersionedSet(set, version, false));
    return out;
  }

  /**
   * Merges {@code config} into {@code live} for {@code manager}, which then owns exactly the
   * fields of its configuration. Fields it applied before and no longer applies are removed from
   * the object unless another manager owns them.
   *
   * @throws ConflictsException when, without {@code force}, the merge changes fields others own
   */
  public Applied apply(JsonNode live, JsonNode config, String version, Map<String, VersionedSet> managers,
      String manager, boolean force) {
    JsonNode merged = orEmpty(Typed.merge(live, config, type));
    VersionedSet lastSet = managers.get(manager);
    FieldSet set = Typed.toFieldSet(config, type).recursiveDifference(ignored);
    TreeMap<String, VersionedSet> withConfig = new TreeMap<>(managers);
    withConfig.put(manager, new VersionedSet(set, version, true));
    JsonNode pruned = prune(merged, withConfig, lastSet);
    TreeMap<String, VersionedSet> out = changes(live, pruned, withConfig, manager, force).managers();
    return new Applied(JsonValues.equal(live, pruned) ? null : pruned, out);
  }

  private record Changes(TreeMap<String, VersionedSet> managers, Comparison comparison) {}

  private Changes changes(JsonNode old, JsonNode updated, Map<String, VersionedSet> managers,
      String workflow, boolean force) {
    Comparison c = Typed.compareObjects(old, updated, type).excludeFields(ignored);
    FieldSet changed = c.modified().union(c.added());
    TreeMap<String, FieldSet> conflicts = new TreeMap<>();
    for (Map.Entry<String, VersionedSet> e : new TreeMap<>(managers).entrySet()) {
      if (e.getKey().equals(workflow)) continue;
      FieldSet conflict = e.getValue().set().intersection(changed);
      if (!conflict.isEmpty()) conflicts.put(e.getKey(), conflict);
    }
    if (!force && !conflicts.isEmpty()) {
      List<Conflict> list = new ArrayList<>();
      conflicts.forEach((m, s) -> {
        for (FieldPath p : s.paths()) list.add(new Conflict(m, p));
      });
      throw new ConflictsException(list);
    }
    TreeMap<String, VersionedSet> out = new TreeMap<>();
    managers.forEach((m, vs) -> {
      FieldSet s = vs.set();
      if (!m.equals(workflow)) {
        FieldSet conflict = conflicts.get(m);
        if (conflict != null) s = s.difference(conflict);
        s = s.difference(c.removed());
      }
      if (!s.isEmpty()) out.put(m, new VersionedSet(s, vs.apiVersion(), vs.applied()));
    });
    return new Changes(out, c);
  }

  /** Removes what the applier owned last time and owns no longer, unless someone else owns it. */
  private JsonNode prune(JsonNode merged, Map<String, VersionedSet> managers, VersionedSet lastSet) {
    if (lastSet == null || lastSet.set().isEmpty()) return merged;
    FieldSet last = named(lastSet.set());
    JsonNode pruned = orEmpty(Typed.removeItems(merged, last, type));

    // Add back what any manager (the applier's new configuration included) owns.
    FieldSet managed = FieldSet.EMPTY;
    for (VersionedSet vs : managers.values()) managed = managed.union(vs.set());
    FieldSet mergedSet = named(Typed.toFieldSet(merged, type));
    FieldSet prunedSet = named(Typed.toFieldSet(pruned, type));
    pruned = orEmpty(Typed.removeItems(merged, mergedSet.difference(prunedSet.union(named(managed))), type));

    // Only remove what the applier had owned: unowned fields and updaters' fields stay.
    prunedSet = named(Typed.toFieldSet(pruned, type));
    return orEmpty(Typed.removeItems(merged, mergedSet.difference(prunedSet).intersection(last), type));
  }

  private FieldSet named(FieldSet s) {
    return Typed.ensureNamedFieldsAreMembers(s, type);
  }

  private static JsonNode orEmpty(JsonNode v) {
    return v == null ? JsonNodeFactory.instance.objectNode() : v;
  }
}
