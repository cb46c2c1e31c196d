package io.capstan.client.workqueue;

/** Ready-made limiters. */
public final class RateLimiters {

  public static final double DEFAULT_QPS = 10;
  public static final int DEFAULT_BURST = 100;

  private RateLimiters() {}

  /**
   * client-go's {@code DefaultControllerRateLimiter}: per-item exponential back-off from 5 ms to
   * 1000 s, and overall 10 qps with a burst of 100, whichever is slower.
   */
  public static <T> RateLimiter<T> defaultControllerRateLimiter(Clock clock) {
    return new MaxOfRateLimiter<>(
        new ExponentialFailureRateLimiter<>(),
        new TokenBucketRateLimiter<>(DEFAULT_QPS, DEFAULT_BURST, clock));
  }
}
