package io.capstan.apiserver.apply.merge;

import java.util.List;

/** An apply without force changed fields other managers own; conflicts are grouped by manager, in order. */
public final class ConflictsException extends RuntimeException {
  private final List<Conflict> conflicts;

  public ConflictsException(List<Conflict> conflicts) {
    super(conflicts.size() + " conflicts", null, false, false);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }
}
