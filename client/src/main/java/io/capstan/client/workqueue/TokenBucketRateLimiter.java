package io.capstan.client.workqueue;

import java.time.Duration;

/**
 * An overall limit shared by all items: a token bucket refilled at {@code qps} holding at most
 * {@code burst} tokens (client-go's {@code BucketRateLimiter} over {@code rate.Limiter}). Each
 * {@link #when} reserves a token; when the bucket is empty the reservation is in the future and
 * the returned delay is the wait for it. It does not track items: {@link #forget} does nothing.
 */
public final class TokenBucketRateLimiter<T> implements RateLimiter<T> {

  private final double qps;
  private final int burst;
  private final Clock clock;
  /** Tokens at {@link #last}; negative when reservations are queued ahead. */
  private double tokens;
  private long last;

  public TokenBucketRateLimiter(double qps, int burst, Clock clock) {
    if (!(qps > 0) || burst < 1) {
      throw new IllegalArgumentException("need qps > 0 and burst >= 1, got " + qps + ", " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.nanoTime();
  }

  @Override
  public synchronized Duration when(T item) {
    long now = clock.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) / 1e9 * qps);
    last = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.round(-tokens / qps * 1e9));
  }

  @Override
  public void forget(T item) {}

  @Override
  public int numRequeues(T item) {
    return 0;
  }
}
