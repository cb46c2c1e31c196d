package io.capstan.client.informer;

/**
 * Receives the informer's view of changes, on the informer's delivery thread: handlers must be
 * quick (controllers put a key on a work queue) and must not throw — a throwing handler is
 * logged and the others still run.
 */
public interface ResourceEventHandler<T> {
  /** @param initialList true when the object came from a LIST rather than a change */
  default void onAdd(T object, boolean initialList) {}

  /** Also called with {@code old == now} on periodic resync. */
  default void onUpdate(T old, T now) {}

  /** @param lastKnown the last state the informer held (from a relist, possibly not the final one) */
  default void onDelete(T lastKnown) {}
}
