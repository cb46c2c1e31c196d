package io.capstan.client.informer;

import java.util.Collection;

/**
 * The raw change stream of an informer, for consumers that keep their own history (the
 * apiserver's watch cache) rather than react per object. Called on the delivery thread, in
 * revision order, after the store was updated.
 */
public interface ChangeListener<T> {
  /** The store was (re)filled from a LIST at {@code revision}: history before it is unknown. */
  void onReplace(Collection<T> items, long revision);

  /**
   * One applied change. {@code old} is the state the store held (null when none); {@code now} is
   * the new state, or for DELETED the last state carrying the deletion revision.
   */
  void onChange(ChangeType type, T old, T now, long revision);
}
