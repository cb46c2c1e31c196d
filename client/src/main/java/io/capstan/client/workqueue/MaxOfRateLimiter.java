package io.capstan.client.workqueue;

import java.time.Duration;
import java.util.List;

/** The longest delay any of its limiters asks for (client-go's {@code MaxOfRateLimiter}). */
public final class MaxOfRateLimiter<T> implements RateLimiter<T> {

  private final List<RateLimiter<T>> limiters;

  @SafeVarargs
  public MaxOfRateLimiter(RateLimiter<T>... limiters) {
    if (limiters.length == 0) {
      throw new IllegalArgumentException("need at least one rate limiter");
    }
    this.limiters = List.of(limiters);
  }

  /** Every limiter records the failure, so each is asked even when an earlier one is longer. */
  @Override
  public Duration when(T item) {
    Duration max = Duration.ZERO;
    for (RateLimiter<T> limiter : limiters) {
      Duration d = limiter.when(item);
      if (d.compareTo(max) > 0) {
        max = d;
      }
    }
    return max;
  }

  @Override
  public void forget(T item) {
    limiters.forEach(l -> l.forget(item));
  }

  @Override
  public int numRequeues(T item) {
    return limiters.stream().mapToInt(l -> l.numRequeues(item)).max().orElse(0);
  }
}
