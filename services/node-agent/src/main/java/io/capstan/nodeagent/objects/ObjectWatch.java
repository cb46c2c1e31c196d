package io.capstan.nodeagent.objects;

import java.time.Duration;
import java.util.Optional;

/** One API object followed by a LIST and a WATCH narrowed to its name. Thread-safe. */
public interface ObjectWatch<T> extends AutoCloseable {

  /**
   * Returns once the first LIST has filled the cache; at once after that.
   *
   * @throws ObjectUnavailable when the first LIST failed or did not finish within {@code timeout}
   */
  void awaitListed(Duration timeout) throws InterruptedException;

  /** The object as last listed or watched; empty when it does not exist. */
  Optional<T> current();

  /** Stops watching; idempotent. */
  @Override
  void close();
}
