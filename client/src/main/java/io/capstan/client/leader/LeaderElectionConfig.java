package io.capstan.client.leader;

import java.time.Duration;
import java.util.Objects;

/**
 * Which Lease to compete for, as whom, and how fast (client-go's {@code LeaderElectionConfig}).
 *
 * @param leaseDuration how long others wait, after they last saw the Lease change, before they
 *     take it over; written as {@code spec.leaseDurationSeconds} (whole seconds)
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading;
 *     less than {@code leaseDuration}, so it stops before anyone else may start
 * @param retryPeriod the wait between attempts to acquire or renew
 * @param releaseOnStop whether {@link LeaderElector#stop()} clears the holder so a standby takes
 *     over at once instead of after {@code leaseDuration}
 */
public record LeaderElectionConfig(
    String leaseNamespace,
    String leaseName,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean releaseOnStop) {

  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
  /** Acquire attempts wait up to this factor times the retry period, as client-go's do. */
  static final double JITTER_FACTOR = 1.2;

  public LeaderElectionConfig {
    requireNonBlank(leaseNamespace, "leaseNamespace");
    requireNonBlank(leaseName, "leaseName");
    requireNonBlank(identity, "identity");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException("retryPeriod must be positive, got " + retryPeriod);
    }
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("leaseDuration must be at least 1s, got " + leaseDuration);
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          "leaseDuration (" + leaseDuration + ") must be greater than renewDeadline (" + renewDeadline + ")");
    }
    if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
      throw new IllegalArgumentException("renewDeadline (" + renewDeadline
          + ") must be greater than " + JITTER_FACTOR + " x retryPeriod (" + retryPeriod + ")");
    }
  }

  /** Kubernetes' defaults: lease 15 s, renew deadline 10 s, retry 2 s, release on stop. */
  public static LeaderElectionConfig of(String leaseNamespace, String leaseName, String identity) {
    return new LeaderElectionConfig(leaseNamespace, leaseName, identity,
        DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD, true);
  }

  public LeaderElectionConfig withTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElectionConfig(leaseNamespace, leaseName, identity,
        leaseDuration, renewDeadline, retryPeriod, releaseOnStop);
  }

  public LeaderElectionConfig withReleaseOnStop(boolean release) {
    return new LeaderElectionConfig(leaseNamespace, leaseName, identity,
        leaseDuration, renewDeadline, retryPeriod, release);
  }

  /** {@code spec.leaseDurationSeconds}: whole seconds, truncated as client-go does. */
  int leaseDurationSeconds() {
    return (int) leaseDuration.toSeconds();
  }

  private static void requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
