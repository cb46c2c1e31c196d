package io.capstan.scheduler.core;

import io.capstan.scheduler.framework.ProfileSpec;
import java.time.Duration;
import java.util.List;

/**
 * @param percentageOfNodesToScore 0 = Kubernetes' adaptive default (50% − nodes/125, at least 5%)
 * @param parallelism threads filtering and scoring nodes (Kubernetes' default 16)
 * @param binderThreads concurrent pods/binding calls
 */
public record SchedulerSettings(List<ProfileSpec> profiles, int percentageOfNodesToScore, int parallelism,
    int binderThreads, Duration podInitialBackoff, Duration podMaxBackoff, Duration podMaxInUnschedulable) {

  public static SchedulerSettings defaults(List<ProfileSpec> profiles) {
    return new SchedulerSettings(profiles, 0, 16, 16, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));
  }
}
