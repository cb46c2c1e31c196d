package io.capstan.relay.engine;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Which revision the relay has fully published: every event at or below it has been acknowledged
 * by Kafka (or skipped). Sends complete out of order across partitions, so the position is the
 * revision just below the oldest unacknowledged send. Used by the relay thread only.
 */
final class PublishCursor {
  private record Pending(long revision, CompletableFuture<?> ack) {}

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long received;
  private long position;

  PublishCursor(long position) {
    this.position = position;
    this.received = position;
  }

  void sent(long revision, CompletableFuture<?> ack) {
    pending.add(new Pending(revision, ack));
  }

  /**
   * Every event up to {@code revision} has been handed to {@link #sent} or skipped. Call only
   * after a whole watch response (a revision's events all arrive in one response).
   */
  void received(long revision) {
    received = Math.max(received, revision);
  }

  /**
   * Drops acknowledged sends from the head and moves the position.
   *
   * @return how many sends were newly acknowledged
   * @throws PublishFailedException if the oldest unacknowledged send failed
   */
  int sweep() {
    int acked = 0;
    while (!pending.isEmpty() && pending.peek().ack().isDone()) {
      Pending p = pending.peek();
      if (p.ack().isCompletedExceptionally()) {
        try {
          p.ack().get();
        } catch (ExecutionException e) {
          throw new PublishFailedException(p.revision(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
          throw new PublishFailedException(p.revision(), e);
        }
      }
      pending.poll();
      acked++;
    }
    long safe = pending.isEmpty() ? received : Math.min(received, pending.peek().revision() - 1);
    position = Math.max(position, safe);
    return acked;
  }

  long position() {
    return position;
  }

  int inFlight() {
    return pending.size();
  }

  /** Kafka did not acknowledge the event at {@code revision}. */
  static final class PublishFailedException extends RuntimeException {
    PublishFailedException(long revision, Throwable cause) {
      super("Kafka did not acknowledge the event at revision " + revision + ": " + cause, cause);
    }
  }
}
