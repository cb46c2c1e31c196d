package io.capstan.client.workqueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when told to; for tests of queues, rate limiters and controllers. */
public final class ManualClock implements Clock {

  private final AtomicLong nanos = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves the clock forward and wakes everything waiting on it. */
  public void step(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a monotonic clock cannot go back: " + by);
    }
    nanos.addAndGet(by.toNanos());
    listeners.forEach(Runnable::run);
  }

  @Override
  public Runnable onManualAdvance(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
