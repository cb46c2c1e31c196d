package io.capstan.client.leader;

import java.time.Instant;

/**
 * The leader-election fields of a {@code coordination.k8s.io/v1} Lease (client-go's
 * {@code LeaderElectionRecord}) plus the {@code resourceVersion} it was read at, which an update
 * must match. An empty {@code holderIdentity} means nobody holds the lease.
 *
 * @param resourceVersion {@code null} for a Lease not yet created
 */
public record LeaseRecord(
    String holderIdentity,
    int leaseDurationSeconds,
    Instant acquireTime,
    Instant renewTime,
    int leaseTransitions,
    String resourceVersion) {

  public LeaseRecord {
    holderIdentity = holderIdentity == null ? "" : holderIdentity;
  }

  public boolean isHeld() {
    return !holderIdentity.isEmpty();
  }

  /** The record to write over this one: same resourceVersion, new fields. */
  LeaseRecord replacedBy(String holder, int durationSeconds, Instant acquired, Instant renewed, int transitions) {
    return new LeaseRecord(holder, durationSeconds, acquired, renewed, transitions, resourceVersion);
  }
}
