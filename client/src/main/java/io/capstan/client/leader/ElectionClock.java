package io.capstan.client.leader;

import java.time.Instant;

/**
 * The two times an elector needs: wall time, written into the Lease as {@code acquireTime} and
 * {@code renewTime} for people and other tools to read, and monotonic time, for its own
 * decisions (has a lease expired, has the renew deadline passed) so a wall-clock jump cannot
 * make it take a lease early or keep one too long.
 */
public interface ElectionClock {

  Instant now();

  long nanoTime();

  static ElectionClock system() {
    return new ElectionClock() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }
    };
  }
}
