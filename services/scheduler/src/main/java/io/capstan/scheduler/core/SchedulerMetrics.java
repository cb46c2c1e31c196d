package io.capstan.scheduler.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Kubernetes' scheduler metric names, so existing dashboards work. */
public final class SchedulerMetrics {
  private final MeterRegistry meters;

  public SchedulerMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** @param result scheduled, unschedulable or error */
  public void attempt(String result, String profile, Duration took) {
    Counter.builder("scheduler_schedule_attempts_total").description("Scheduling attempts by result")
        .tag("result", result).tag("profile", profile).register(meters).increment();
    Timer.builder("scheduler_scheduling_attempt_duration_seconds")
        .description("Scheduling attempt latency (algorithm + assume, not binding)")
        .tag("result", result).tag("profile", profile).publishPercentileHistogram()
        .register(meters).record(took);
  }
}
