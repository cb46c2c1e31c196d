package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.QueueSortPlugin;
import io.capstan.scheduler.framework.QueuedPodInfo;

/** Higher priority first; equal priorities in the order they were queued. */
public final class PrioritySort implements QueueSortPlugin {
  public static final String NAME = "PrioritySort";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
    int pa = a.podInfo().priority();
    int pb = b.podInfo().priority();
    return pa > pb || (pa == pb && a.timestamp() < b.timestamp());
  }
}
