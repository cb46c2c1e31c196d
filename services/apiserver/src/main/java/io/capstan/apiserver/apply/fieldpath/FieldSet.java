package io.capstan.apiserver.apply.fieldpath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An immutable set of field paths, as structured-merge-diff's {@code fieldpath.Set}: at each level
 * the <em>members</em> (paths that end here) and the <em>children</em> (subsets under a path
 * element). A path may be both a member and a parent, which FieldsV1 writes as {@code ".": {}}.
 * Set operations follow upstream exactly: {@link #difference} removes members level by level,
 * {@link #recursiveDifference} also drops everything under a removed member.
 */
public final class FieldSet {
  public static final FieldSet EMPTY = new FieldSet(new TreeSet<>(), new TreeMap<>());

  private final NavigableSet<PathElement> members;
  private final NavigableMap<PathElement, FieldSet> children;

  private FieldSet(TreeSet<PathElement> members, TreeMap<PathElement, FieldSet> children) {
    this.members = Collections.unmodifiableNavigableSet(members);
    this.children = Collections.unmodifiableNavigableMap(children);
  }

  /** Builds a set from members and non-empty children; empty children are dropped. */
  public static FieldSet of(Iterable<PathElement> members, Map<PathElement, FieldSet> children) {
    TreeSet<PathElement> m = new TreeSet<>();
    members.forEach(m::add);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      if (!s.isEmpty()) c.put(pe, s);
    });
    return m.isEmpty() && c.isEmpty() ? EMPTY : new FieldSet(m, c);
  }

  public static FieldSet of(FieldPath... paths) {
    Builder b = new Builder();
    for (FieldPath p : paths) b.insert(p);
    return b.build();
  }

  /** A set of field-name paths such as {@code "status"} or {@code "metadata.labels"}, as reset fields are written. */
  public static FieldSet ofFields(String... dottedPaths) {
    Builder b = new Builder();
    for (String p : dottedPaths) b.insert(FieldPath.ofFields(p));
    return b.build();
  }

  public NavigableSet<PathElement> members() { return members; }
  public NavigableMap<PathElement, FieldSet> children() { return children; }

  public boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  /** The number of paths. */
  public int size() {
    int n = members.size();
    for (FieldSet c : children.values()) n += c.size();
    return n;
  }

  public boolean has(FieldPath path) {
    if (path.isEmpty()) return false;
    FieldSet s = this;
    for (int i = 0; i < path.size() - 1; i++) {
      s = s.children.get(path.get(i));
      if (s == null) return false;
    }
    return s.members.contains(path.get(path.size() - 1));
  }

  /** The subset under one element, or the empty set. */
  public FieldSet withPrefix(PathElement pe) {
    FieldSet s = children.get(pe);
    return s == null ? EMPTY : s;
  }

  public FieldSet union(FieldSet o) {
    if (o.isEmpty()) return this;
    if (isEmpty()) return o;
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.addAll(o.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>(children);
    o.children.forEach((pe, s) -> c.merge(pe, s, FieldSet::union));
    return new FieldSet(m, c);
  }

  public FieldSet intersection(FieldSet o) {
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.retainAll(o.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      FieldSet other = o.children.get(pe);
      if (other != null) c.put(pe, s.intersection(other));
    });
    return of(m, c);
  }

  /** Members of {@code o} removed at every level; children of a removed member stay. */
  public FieldSet difference(FieldSet o) {
    if (o.isEmpty()) return this;
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(o.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      FieldSet other = o.children.get(pe);
      c.put(pe, other == null ? s : s.difference(other));
    });
    return of(m, c);
  }

  /** Like {@link #difference}, and every path under a member of {@code o} goes too. */
  public FieldSet recursiveDifference(FieldSet o) {
    if (o.isEmpty()) return this;
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(o.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    children.forEach((pe, s) -> {
      if (o.members.contains(pe)) return;
      FieldSet other = o.children.get(pe);
      c.put(pe, other == null ? s : s.recursiveDifference(other));
    });
    return of(m, c);
  }

  /** Every path, members of a level before its children, each level in element order. */
  public List<FieldPath> paths() {
    List<FieldPath> out = new ArrayList<>();
    collect(FieldPath.ROOT, out);
    return out;
  }

  private void collect(FieldPath prefix, List<FieldPath> out) {
    for (PathElement pe : members) out.add(prefix.append(pe));
    children.forEach((pe, s) -> s.collect(prefix.append(pe), out));
  }

  /** The FieldsV1 form, keys in upstream's order ({@code "."} first, then elements in order). */
  public ObjectNode toFieldsV1() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    emit(false, out);
    return out;
  }

  private void emit(boolean includeSelf, ObjectNode out) {
    if (includeSelf && !isEmpty()) out.putObject(".");
    TreeSet<PathElement> all = new TreeSet<>(members);
    all.addAll(children.keySet());
    for (PathElement pe : all) {
      ObjectNode child = out.putObject(pe.serialize());
      FieldSet sub = children.get(pe);
      if (sub != null) sub.emit(members.contains(pe), child);
    }
  }

  /**
   * Reads FieldsV1: {@code {}} or {@code ".": {}} marks a member; keys of unknown types are skipped.
   *
   * @throws IllegalArgumentException when the JSON is not FieldsV1
   */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) return EMPTY;
    if (!fields.isObject()) throw new IllegalArgumentException("FieldsV1 must be a JSON object");
    FieldSet found = read(fields).children();
    return found == null ? EMPTY : found;
  }

  private record Read(FieldSet children, boolean member) {}

  private static Read read(JsonNode node) {
    if (!node.isObject()) throw new IllegalArgumentException("FieldsV1 values must be JSON objects");
    boolean member = false;
    TreeSet<PathElement> m = new TreeSet<>();
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals(".")) {
        member = true;
        continue;
      }
      PathElement pe = PathElement.parse(e.getKey());
      if (pe == null) continue;
      Read child = read(e.getValue());
      if (child.member()) m.add(pe);
      if (child.children() != null) c.merge(pe, child.children(), FieldSet::union);
    }
    if (m.isEmpty() && c.isEmpty()) return new Read(null, true);
    return new Read(new FieldSet(m, c), member);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && members.equals(s.members) && children.equals(s.children);
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + children.hashCode();
  }

  /** One path a line, as upstream prints sets. */
  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    for (FieldPath p : paths()) lines.add(p.toString());
    return String.join("\n", lines);
  }

  /** Accumulates paths; {@link #build()} snapshots them. */
  public static final class Builder {
    private final TreeSet<PathElement> members = new TreeSet<>();
    private final TreeMap<PathElement, Builder> children = new TreeMap<>();

    public Builder insert(FieldPath path) {
      if (path.isEmpty()) return this;
      Builder b = this;
      for (int i = 0; i < path.size() - 1; i++) b = b.children.computeIfAbsent(path.get(i), k -> new Builder());
      b.members.add(path.get(path.size() - 1));
      return this;
    }

    public FieldSet build() {
      TreeMap<PathElement, FieldSet> c = new TreeMap<>();
      children.forEach((pe, b) -> c.put(pe, b.build()));
      return of(members, c);
    }
  }
}
