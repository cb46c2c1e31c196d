package io.capstan.client.informer;

/**
 * The WATCH half of an informer: the Kafka bus or an HTTP watch, indistinguishable to the
 * informer. The gap-free rule is built into the shape: {@link #position()} is taken <em>before</em>
 * the LIST, and the subscription opened from that position drops whatever the LIST already
 * covered, so no change can fall between the two.
 */
public interface EventSource<T> {

  /** Captures where events will be read from. Called before every LIST. */
  Cursor<T> position() throws Exception;

  interface Cursor<T> {
    /**
     * Starts delivering changes from the captured position, dropping those with a revision at
     * or below {@code listRevision}. Each cursor is opened at most once.
     */
    Subscription open(long listRevision, EventSink<T> sink);

    /** Releases the cursor when the LIST failed and it will never be opened. */
    default void abandon() {}
  }

  /** A running delivery; closing it stops delivery and releases its resources. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
