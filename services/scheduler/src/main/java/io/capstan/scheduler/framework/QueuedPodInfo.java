package io.capstan.scheduler.framework;

import java.util.Set;

/**
 * A pod waiting in the scheduling queue.
 * @param timestamp when it was last added to the queue (for ordering equal priorities)
 * @param attempts scheduling attempts so far (drives the back-off)
 * @param unschedulablePlugins plugins that rejected it last time
 */
public record QueuedPodInfo(PodInfo podInfo, long timestamp, long initialAttemptTimestamp, int attempts,
    Set<String> unschedulablePlugins) {
  public String key() {
    return podInfo.key();
  }
}
