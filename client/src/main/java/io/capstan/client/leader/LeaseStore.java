package io.capstan.client.leader;

import java.util.Optional;

/**
 * Reads and writes one Lease. Writes are optimistic: {@link #update} succeeds only if the Lease
 * is still at the record's {@code resourceVersion}, so of two electors racing for the same
 * version exactly one wins and the other gets a {@link LeaseConflictException}. Any other
 * failure (the API server unreachable, forbidden) is thrown as some other runtime exception;
 * the elector treats both as "not acquired / not renewed this time" and retries.
 */
public interface LeaseStore {

  /** The Lease as stored now, or empty if it does not exist. */
  Optional<LeaseRecord> get();

  /**
   * Creates the Lease; returns it with its new resourceVersion.
   *
   * @throws LeaseConflictException if it already exists
   */
  LeaseRecord create(LeaseRecord record);

  /**
   * Replaces the Lease's election fields if it is still at {@code record.resourceVersion()};
   * returns the stored record with its new resourceVersion.
   *
   * @throws LeaseConflictException if it changed since (HTTP 409) or no longer exists
   */
  LeaseRecord update(LeaseRecord record);

  /** {@code namespace/name}, for logs and thread names. */
  String describe();
}
