package io.capstan.relay.engine;

import java.time.Duration;

/** Doubling delays between retries, capped; {@link #reset()} after a success. Not thread-safe. */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /** The delay to wait now; the one after it is twice as long, up to the cap. */
  Duration next() {
    Duration d = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return d;
  }

  void reset() {
    next = initial;
  }
}
