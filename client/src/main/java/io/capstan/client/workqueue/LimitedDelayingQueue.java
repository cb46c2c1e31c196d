package io.capstan.client.workqueue;

import java.time.Duration;
import java.util.Optional;

/** client-go's {@code rateLimitingType}: a delaying queue asking a rate limiter for the delay. */
final class LimitedDelayingQueue<T> implements RateLimitingQueue<T> {

  private final TimerDelayingQueue<T> queue;
  private final RateLimiter<T> rateLimiter;

  LimitedDelayingQueue(QueueConfig config, RateLimiter<T> rateLimiter) {
    this.queue = new TimerDelayingQueue<>(config);
    this.rateLimiter = rateLimiter;
  }

  @Override
  public void addRateLimited(T item) {
    queue.addAfter(item, rateLimiter.when(item));
  }

  @Override
  public void forget(T item) {
    rateLimiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return rateLimiter.numRequeues(item);
  }

  @Override
  public void addAfter(T item, Duration delay) {
    queue.addAfter(item, delay);
  }

  @Override
  public void add(T item) {
    queue.add(item);
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    return queue.get();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public int len() {
    return queue.len();
  }

  @Override
  public void shutDown() {
    queue.shutDown();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    queue.shutDownWithDrain();
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }
}
