package io.capstan.client.workqueue;

import java.time.Duration;

/**
 * Decides how long an item waits before it is retried (client-go's
 * {@code workqueue.TypedRateLimiter}). Implementations are thread-safe.
 */
public interface RateLimiter<T> {

  /** How long {@code item} should wait now; records one more failure of it. */
  Duration when(T item);

  /** Forgets {@code item}'s failures, so its next {@link #when} starts from the base delay. */
  void forget(T item);

  /** How many times {@code item} has failed since it was last forgotten. */
  int numRequeues(T item);
}
