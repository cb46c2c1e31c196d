package io.capstan.cli.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders components so that each starts after its dependencies; `down` uses the reverse. */
public final class StartOrder {

  private StartOrder() {}

  /**
   * A topological order that otherwise keeps the declared order (so the list in {@link
   * LocalCluster} reads as the start order).
   *
   * @throws IllegalArgumentException on a duplicate name, an unknown dependency or a cycle
   */
  public static List<Component> of(List<Component> components) {
    Map<String, Component> byName = new LinkedHashMap<>();
    for (Component c : components) {
      if (byName.putIfAbsent(c.name(), c) != null) {
        throw new IllegalArgumentException("duplicate component " + c.name());
      }
    }
    for (Component c : components) {
      for (String dependency : c.dependsOn()) {
        if (!byName.containsKey(dependency)) {
          throw new IllegalArgumentException(
              c.name() + " depends on unknown component " + dependency);
        }
      }
    }
    List<Component> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (Component c : components) {
      visit(c, byName, done, new ArrayList<>(), ordered);
    }
    return ordered;
  }

  private static void visit(
      Component c,
      Map<String, Component> byName,
      Set<String> done,
      List<String> path,
      List<Component> ordered) {
    if (done.contains(c.name())) {
      return;
    }
    if (path.contains(c.name())) {
      path.add(c.name());
      throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", path));
    }
    path.add(c.name());
    for (String dependency : c.dependsOn()) {
      visit(byName.get(dependency), byName, done, path, ordered);
    }
    path.remove(path.size() - 1);
    done.add(c.name());
    ordered.add(c);
  }

  public static List<Component> reversed(List<Component> components) {
    List<Component> order = new ArrayList<>(of(components));
    java.util.Collections.reverse(order);
    return order;
  }
}
