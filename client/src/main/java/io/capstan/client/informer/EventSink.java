package io.capstan.client.informer;

/** Where an {@link EventSource} delivers, in order, from its own thread. Implementations must not block. */
public interface EventSink<T> {

  /**
   * One change newer than the LIST the subscription was opened after. For DELETED, {@code object}
   * is the last state with its resourceVersion set to the deletion's revision.
   *
   * @param publishedAtMillis when the change entered the bus (epoch millis), for delay metrics; 0 if unknown
   */
  void onChange(ChangeType type, long revision, T object, long publishedAtMillis);

  /** The source cannot guarantee it delivered everything (compaction, a resync marker): relist. */
  void onResyncRequired(String reason);

  /** The source failed; the informer relists and opens a fresh subscription. */
  void onError(Exception error);
}
