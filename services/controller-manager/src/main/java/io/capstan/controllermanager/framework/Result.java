package io.capstan.controllermanager.framework;

import java.time.Duration;
import java.util.Objects;

/**
 * What a reconcile asks of its controller: nothing more ({@link #done()}), or another look after a
 * delay ({@link #requeueAfter}) — e.g. when a pod becomes available after minReadySeconds or a
 * progress deadline falls due. Failures are thrown, not returned: the controller then requeues
 * the key with back-off.
 */
public record Result(Duration requeueAfter) {
  private static final Result DONE = new Result(null);

  public static Result done() {
    return DONE;
  }

  public static Result requeueAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return new Result(delay.isNegative() ? Duration.ZERO : delay);
  }

  public boolean requeues() {
    return requeueAfter != null;
  }

  /** The earlier of two requeues (done when neither requeues). */
  public Result soonest(Result other) {
    if (!requeues()) return other;
    if (!other.requeues()) return this;
    return requeueAfter.compareTo(other.requeueAfter) <= 0 ? this : other;
  }
}
