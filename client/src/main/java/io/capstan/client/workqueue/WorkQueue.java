package io.capstan.client.workqueue;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A FIFO work queue with client-go's guarantees, for controllers whose event handlers enqueue
 * keys and whose workers reconcile them.
 *
 * <ul>
 *   <li>An item added while it is waiting in the queue is stored once (deduplicated).
 *   <li>An item is never handed to two workers at once: an item added while it is being
 *       processed is queued again only when the worker calls {@link #done}.
 *   <li>Every item returned by {@link #get} must be passed to {@link #done} exactly once.
 * </ul>
 *
 * Items must have stable {@code equals}/{@code hashCode} (keys such as {@code namespace/name}).
 */
public interface WorkQueue<T> {

  /** Marks {@code item} as needing processing. Ignored after shutdown. */
  void add(T item);

  /**
   * Blocks until an item is available and hands it to the caller, who then owns it until
   * {@link #done}. After shutdown the items still queued are handed out; once none are left it
   * returns empty, which tells the worker to exit.
   */
  Optional<T> get() throws InterruptedException;

  /** Marks the processing of {@code item} finished; re-queues it if it was added meanwhile. */
  void done(T item);

  /** The number of items waiting (not counting those being processed). */
  int len();

  /** Stops accepting items and wakes every blocked {@link #get}. Does not wait for workers. */
  void shutDown();

  /**
   * Like {@link #shutDown}, then blocks until every item handed out has been passed to
   * {@link #done}. Workers must keep calling {@code done}, or this blocks forever.
   */
  void shutDownWithDrain() throws InterruptedException;

  boolean isShuttingDown();

  /**
   * A worker's loop: takes items until the queue is shut down and empty, hands each to
   * {@code process} and marks it {@link #done} even when {@code process} throws (the exception
   * then ends this worker). Returns at once, with the thread's interrupt flag set, if interrupted.
   */
  default void work(Consumer<T> process) {
    while (true) {
      Optional<T> next;
      try {
        next = get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next.isEmpty()) return;
      try {
        process.accept(next.get());
      } finally {
        done(next.get());
      }
    }
  }

  /** A plain work queue. */
  static <T> WorkQueue<T> create(QueueConfig config) {
    return new FifoWorkQueue<>(config);
  }
}
