package io.capstan.scheduler.framework;

/** Orders the active queue. Every profile must use the same one (there is a single queue). */
public interface QueueSortPlugin extends Plugin {
  /** @return true when {@code a} should be scheduled before {@code b} */
  boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
