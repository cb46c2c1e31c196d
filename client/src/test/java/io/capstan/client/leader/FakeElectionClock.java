package io.capstan.client.leader;

import java.time.Duration;
import java.time.Instant;

/** Wall and monotonic time that move together, and only when told to. */
final class FakeElectionClock implements ElectionClock {

  private Instant now = Instant.parse("2026-11-25T10:00:00.123456789Z");
  private long nanos = 1_000_000_000L;

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  synchronized void step(Duration by) {
    now = now.plus(by);
    nanos += by.toNanos();
  }
}
