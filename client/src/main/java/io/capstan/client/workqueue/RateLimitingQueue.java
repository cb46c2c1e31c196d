package io.capstan.client.workqueue;

/**
 * The queue controllers use: a failed item goes back with {@link #addRateLimited}, a reconciled
 * one is {@link #forget forgotten} so its back-off resets (client-go's
 * {@code RateLimitingInterface}).
 *
 * <pre>{@code
 * Optional<String> key = queue.get();
 * if (key.isEmpty()) return;              // shut down
 * try { reconcile(key.get()); queue.forget(key.get()); }
 * catch (Exception e) { queue.addRateLimited(key.get()); }
 * finally { queue.done(key.get()); }
 * }</pre>
 */
public interface RateLimitingQueue<T> extends DelayingQueue<T> {

  /** Adds {@code item} after the delay its rate limiter gives now. */
  void addRateLimited(T item);

  /** Stops tracking {@code item}'s failures. Does not remove it from the queue. */
  void forget(T item);

  /** How many times {@code item} was added rate-limited since it was last forgotten. */
  int numRequeues(T item);

  static <T> RateLimitingQueue<T> create(QueueConfig config, RateLimiter<T> rateLimiter) {
    return new LimitedDelayingQueue<>(config, rateLimiter);
  }

  /** A queue with {@link RateLimiters#defaultControllerRateLimiter}. */
  static <T> RateLimitingQueue<T> create(QueueConfig config) {
    return create(config, RateLimiters.defaultControllerRateLimiter(config.clock()));
  }
}
