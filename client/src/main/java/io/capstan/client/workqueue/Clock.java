package io.capstan.client.workqueue;

/**
 * Monotonic time for queues and rate limiters. Production code uses {@link #system()}; tests use
 * a {@link ManualClock} so that delays and back-offs are checked without sleeping.
 */
public interface Clock {

  /** Monotonic nanoseconds, comparable only with other readings of the same clock. */
  long nanoTime();

  /**
   * Registers {@code listener} to run whenever the clock is moved by hand, so that a thread
   * waiting for a deadline can re-check it. The system clock never moves by hand and ignores it.
   *
   * @return a handle that removes the listener
   */
  default Runnable onManualAdvance(Runnable listener) {
    return () -> {};
  }

  /** The JVM's monotonic clock ({@link System#nanoTime()}). */
  static Clock system() {
    return System::nanoTime;
  }
}
