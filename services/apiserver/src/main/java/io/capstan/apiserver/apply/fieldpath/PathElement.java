package io.capstan.apiserver.apply.fieldpath;

import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One step of a field path: a map field ({@code f:name}), an associative-list item by its key
 * fields ({@code k:{"name":"web"}}), a set item by value ({@code v:"a"}), or a list index
 * ({@code i:0}, which Kubernetes never produces: atomic lists are owned whole). Ordered as
 * structured-merge-diff orders them: fields, keys, values, indexes.
 */
public final class PathElement implements Comparable<PathElement> {

  /** One key field of an associative-list item. */
  public record KeyField(String name, JsonNode value) {}

  private enum Kind { FIELD, KEY, VALUE, INDEX }

  private static final Comparator<KeyField> BY_NAME = (a, b) -> JsonValues.compareStrings(a.name(), b.name());

  private final Kind kind;
  private final String name;
  private final List<KeyField> key;
  private final JsonNode value;
  private final int index;

  private PathElement(Kind kind, String name, List<KeyField> key, JsonNode value, int index) {
    this.kind = kind;
    this.name = name;
    this.key = key;
    this.value = value;
    this.index = index;
  }

  public static PathElement field(String name) {
    return new PathElement(Kind.FIELD, Objects.requireNonNull(name), null, null, 0);
  }

  /** An associative-list item; the fields are sorted by name, as Kubernetes serializes them. */
  public static PathElement key(List<KeyField> fields) {
    List<KeyField> sorted = new ArrayList<>();
    for (KeyField f : fields) sorted.add(new KeyField(f.name(), f.value().deepCopy()));
    sorted.sort(BY_NAME);
    return new PathElement(Kind.KEY, null, List.copyOf(sorted), null, 0);
  }

  public static PathElement value(JsonNode value) {
    return new PathElement(Kind.VALUE, null, null, value.deepCopy(), 0);
  }

  public static PathElement index(int index) {
    return new PathElement(Kind.INDEX, null, null, null, index);
  }

  public boolean isField() { return kind == Kind.FIELD; }
  public boolean isKey() { return kind == Kind.KEY; }

  /** The field name, for {@link #isField()} elements. */
  public String fieldName() { return name; }

  /** The FieldsV1 key: {@code f:name}, {@code k:{...}}, {@code v:...} or {@code i:N}. */
  public String serialize() {
    return switch (kind) {
      case FIELD -> "f:" + name;
      case KEY -> {
        StringBuilder sb = new StringBuilder("k:{");
        for (int i = 0; i < key.size(); i++) {
          if (i > 0) sb.append(',');
          sb.append(GoText.jsonString(key.get(i).name())).append(':').append(GoText.json(key.get(i).value(), false));
        }
        yield sb.append('}').toString();
      }
      case VALUE -> "v:" + GoText.json(value, false);
      case INDEX -> "i:" + index;
    };
  }

  /**
   * Parses a FieldsV1 key; null for a key of an unknown type, which Kubernetes skips.
   *
   * @throws IllegalArgumentException when the key is malformed
   */
  public static PathElement parse(String s) {
    if (s.length() < 2) throw new IllegalArgumentException("key must be 2 characters long: " + s);
    if (s.charAt(1) != ':') throw new IllegalArgumentException("missing colon: " + s);
    String rest = s.substring(2);
    try {
      return switch (s.charAt(0)) {
        case 'f' -> field(rest);
        case 'v' -> value(Json.MAPPER.readTree(rest));
        case 'k' -> {
          JsonNode obj = Json.MAPPER.readTree(rest);
          if (obj == null || !obj.isObject()) throw new IllegalArgumentException("key is not a JSON object: " + s);
          List<KeyField> fields = new ArrayList<>();
          for (Map.Entry<String, JsonNode> e : obj.properties()) fields.add(new KeyField(e.getKey(), e.getValue()));
          yield key(fields);
        }
        case 'i' -> index(Integer.parseInt(rest));
        default -> null;
      };
    } catch (JacksonException | NumberFormatException e) {
      throw new IllegalArgumentException("malformed path element " + s + ": " + e.getMessage());
    }
  }

  /** The element as Kubernetes prints it in paths: {@code .name}, {@code [name="web"]}, {@code [="a"]}, {@code [0]}. */
  @Override
  public String toString() {
    return switch (kind) {
      case FIELD -> "." + name;
      case KEY -> {
        List<String> parts = new ArrayList<>();
        for (KeyField f : key) parts.add(f.name() + "=" + JsonValues.toGoString(f.value()));
        yield "[" + String.join(",", parts) + "]";
      }
      case VALUE -> "[=" + JsonValues.toGoString(value) + "]";
      case INDEX -> "[" + index + "]";
    };
  }

  @Override
  public int compareTo(PathElement o) {
    if (kind != o.kind) return kind.compareTo(o.kind);
    return switch (kind) {
      case FIELD -> Integer.signum(JsonValues.compareStrings(name, o.name));
      case KEY -> compareKeys(key, o.key);
      case VALUE -> JsonValues.compare(value, o.value);
      case INDEX -> Integer.compare(index, o.index);
    };
  }

  private static int compareKeys(List<KeyField> a, List<KeyField> b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() && i >= b.size()) return 0;
      if (i >= a.size()) return -1;
      if (i >= b.size()) return 1;
      int c = JsonValues.compareStrings(a.get(i).name(), b.get(i).name());
      if (c != 0) return Integer.signum(c);
      c = JsonValues.compare(a.get(i).value(), b.get(i).value());
      if (c != 0) return c;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathElement pe && compareTo(pe) == 0;
  }

  @Override
  public int hashCode() {
    return switch (kind) {
      case FIELD -> name.hashCode();
      case KEY -> {
        int h = 17;
        for (KeyField f : key) h = 31 * h + f.name().hashCode() * 7 + JsonValues.hash(f.value());
        yield h;
      }
      case VALUE -> 31 + JsonValues.hash(value);
      case INDEX -> 61 + index;
    };
  }
}
