package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.GoText;
import io.capstan.apiserver.apply.merge.Conflict;
import io.capstan.model.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The 409 Kubernetes answers an apply with when other managers own fields it would change. */
final class ApplyConflicts {
  private ApplyConflicts() {}

  /**
   * Upstream's {@code NewConflictError}: reason Conflict, one {@code FieldManagerConflict} cause
   * per field, and {@code Apply failed with 1 conflict: conflict with "x" using apps/v1: .spec.replicas}
   * (several conflicts are listed by manager, one {@code - path} a line).
   */
  static ApiException error(List<Conflict> conflicts) {
    List<ApiException.Cause> causes = new ArrayList<>();
    for (Conflict c : conflicts) {
      causes.add(new ApiException.Cause("FieldManagerConflict", "conflict with " + describe(c.manager()),
          c.path().toString()));
    }
    return new ApiException(409, "Conflict", message(conflicts), null, null, null, causes, null);
  }

  private static String message(List<Conflict> conflicts) {
    if (conflicts.size() == 1) {
      Conflict c = conflicts.get(0);
      return "Apply failed with 1 conflict: conflict with " + describe(c.manager()) + ": " + c.path();
    }
    Map<String, List<String>> byManager = new TreeMap<>();
    for (Conflict c : conflicts) byManager.computeIfAbsent(c.manager(), m -> new ArrayList<>()).add(c.path().toString());
    List<String> lines = new ArrayList<>();
    byManager.forEach((m, paths) -> {
      lines.add("conflicts with " + describe(m) + ":");
      for (String p : paths) lines.add("- " + p);
    });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }

  private static String describe(String managerId) {
    try {
      return ManagerId.parse(managerId).describe();
    } catch (RuntimeException e) {
      return GoText.quote(managerId);
    }
  }
}
