package io.capstan.apiserver.apply.fieldpath;

import java.util.ArrayList;
import java.util.List;

/** A path from the object's root, printed as Kubernetes prints it: {@code .spec.containers[name="web"].image}. */
public record FieldPath(List<PathElement> elements) {
  public static final FieldPath ROOT = new FieldPath(List.of());

  public FieldPath {
    elements = List.copyOf(elements);
  }

  public static FieldPath of(PathElement... elements) {
    return new FieldPath(List.of(elements));
  }

  /** A path of field names only, written {@code spec.replicas} or {@code .spec.replicas}. */
  public static FieldPath ofFields(String dotted) {
    List<PathElement> pes = new ArrayList<>();
    for (String part : (dotted.startsWith(".") ? dotted.substring(1) : dotted).split("\\.")) {
      if (!part.isEmpty()) pes.add(PathElement.field(part));
    }
    return new FieldPath(pes);
  }

  public FieldPath append(PathElement pe) {
    List<PathElement> next = new ArrayList<>(elements.size() + 1);
    next.addAll(elements);
    next.add(pe);
    return new FieldPath(next);
  }

  public boolean isEmpty() {
    return elements.isEmpty();
  }

  public int size() {
    return elements.size();
  }

  public PathElement get(int i) {
    return elements.get(i);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (PathElement pe : elements) sb.append(pe);
    return sb.toString();
  }
}
