package io.capstan.client.workqueue;

/**
 * client-go's {@code rateLimitingType}: a delaying queue asking a rate limiter for the delay. It
 * is a {@link TimerDelayingQueue} with the limiter's three methods on top, so every queue
 * operation keeps the delaying queue's behaviour unchanged.
 */
final class LimitedDelayingQueue<T> extends TimerDelayingQueue<T> implements RateLimitingQueue<T> {

  private final RateLimiter<T> rateLimiter;

  LimitedDelayingQueue(QueueConfig config, RateLimiter<T> rateLimiter) {
    super(config);
    this.rateLimiter = rateLimiter;
  }

  @Override
  public void addRateLimited(T item) {
    addAfter(item, rateLimiter.when(item));
  }

  @Override
  public void forget(T item) {
    rateLimiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return rateLimiter.numRequeues(item);
  }
}
