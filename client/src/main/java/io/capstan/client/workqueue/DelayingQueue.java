package io.capstan.client.workqueue;

import java.time.Duration;

/**
 * A work queue that can also add an item later. Creating one starts a daemon thread named
 * {@code workqueue-<name>-delay}; {@link #shutDown()} stops it.
 */
public interface DelayingQueue<T> extends WorkQueue<T> {

  /**
   * Adds {@code item} once {@code delay} has passed on the queue's clock (at once if not
   * positive). If the item is already waiting, the earlier of the two times wins. Counts as a
   * retry in {@code workqueue_retries_total}. Ignored after shutdown.
   */
  void addAfter(T item, Duration delay);

  static <T> DelayingQueue<T> create(QueueConfig config) {
    return new TimerDelayingQueue<>(config);
  }
}
