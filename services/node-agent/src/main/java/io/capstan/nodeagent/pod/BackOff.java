package io.capstan.nodeagent.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's crash back-off per container: the first restart is immediate, then 10 s doubling
 * up to 5 min, measured from when the container last finished. An entry untouched for twice the
 * maximum starts over.
 */
public final class BackOff {
  private final Duration initial;
  private final Duration max;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(Duration delay, Instant updated) {}

  public BackOff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** How long {@code key} must still wait after finishing at {@code finishedAt} (zero: restart now). */
  public Duration remaining(String key, Instant finishedAt, Instant now) {
    Entry e = entries.get(key);
    if (e == null || finishedAt == null) return Duration.ZERO;
    if (Duration.between(e.updated, now).compareTo(max.multipliedBy(2)) > 0) {
      entries.remove(key);
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, finishedAt.plus(e.delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The current delay of {@code key} (what CrashLoopBackOff's message shows). */
  public Duration current(String key) {
    Entry e = entries.get(key);
    return e == null ? initial : e.delay;
  }

  /** Records a restart: the next one waits twice as long (first: the initial delay). */
  public void next(String key, Instant now) {
    entries.compute(key, (k, e) -> new Entry(e == null ? initial : min(e.delay.multipliedBy(2)), now));
  }

  public void forgetPrefix(String prefix) {
    entries.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private Duration min(Duration d) {
    return d.compareTo(max) > 0 ? max : d;
  }
}
