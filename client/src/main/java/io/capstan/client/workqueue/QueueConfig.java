package io.capstan.client.workqueue;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * What every queue needs besides its items: a name (the {@code name} tag of its metrics and part
 * of its thread names), a clock, and where to register metrics ({@code null}: no metrics).
 * Names must be unique per registry: a second queue of the same name shares the first one's
 * counters and timers, and Micrometer keeps only the first one's gauges.
 */
public record QueueConfig(String name, Clock clock, MeterRegistry meterRegistry) {

  public QueueConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clock, "clock");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a queue needs a name");
    }
  }

  /** A queue on the system clock, without metrics. */
  public static QueueConfig named(String name) {
    return new QueueConfig(name, Clock.system(), null);
  }

  public QueueConfig withClock(Clock clock) {
    return new QueueConfig(name, clock, meterRegistry);
  }

  public QueueConfig withMeterRegistry(MeterRegistry registry) {
    return new QueueConfig(name, clock, registry);
  }
}
