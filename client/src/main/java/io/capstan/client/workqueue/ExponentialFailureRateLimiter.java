package io.capstan.client.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-item exponential back-off: {@code base * 2^failures}, capped at {@code max}
 * (client-go's {@code ItemExponentialFailureRateLimiter}; controllers use 5 ms and 1000 s).
 */
public final class ExponentialFailureRateLimiter<T> implements RateLimiter<T> {

  public static final Duration DEFAULT_BASE = Duration.ofMillis(5);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(1000);

  private final Duration base;
  private final Duration max;
  private final Map<T, Integer> failures = new HashMap<>();

  public ExponentialFailureRateLimiter(Duration base, Duration max) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
    }
    this.base = base;
    this.max = max;
  }

  public ExponentialFailureRateLimiter() {
    this(DEFAULT_BASE, DEFAULT_MAX);
  }

  @Override
  public synchronized Duration when(T item) {
    int exp = failures.merge(item, 1, Integer::sum) - 1;
    // Doubling past the cap (or past a long of nanoseconds) is the cap.
    if (exp >= 63 || base.toNanos() > (max.toNanos() >> exp)) {
      return max;
    }
    return Duration.ofNanos(base.toNanos() << exp);
  }

  @Override
  public synchronized void forget(T item) {
    failures.remove(item);
  }

  @Override
  public synchronized int numRequeues(T item) {
    return failures.getOrDefault(item, 0);
  }
}
