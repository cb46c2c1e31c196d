package io.capstan.client.leader;

import java.util.Optional;

/**
 * One Lease in memory with the API server's optimistic concurrency: every write gets a new
 * resourceVersion and a write at an old one is a conflict. Can be made unreachable, and can run
 * a competing write just before the next write or during the next read (to stage a race).
 */
final class InMemoryLeaseStore implements LeaseStore {

  private LeaseRecord stored;
  private long version;
  private boolean unreachable;
  private Runnable beforeNextWrite;
  private Runnable duringNextRead;

  @Override
  public Optional<LeaseRecord> get() {
    Runnable hook;
    synchronized (this) {
      hook = duringNextRead;
      duringNextRead = null;
    }
    if (hook != null) {
      hook.run();
    }
    synchronized (this) {
      failIfUnreachable();
      return Optional.ofNullable(stored);
    }
  }

  @Override
  public LeaseRecord create(LeaseRecord record) {
    runBeforeWrite();
    synchronized (this) {
      failIfUnreachable();
      if (stored != null) {
        throw new LeaseConflictException("leases \"lock\" already exists");
      }
      return store(record);
    }
  }

  @Override
  public LeaseRecord update(LeaseRecord record) {
    runBeforeWrite();
    synchronized (this) {
      failIfUnreachable();
      if (stored == null || !stored.resourceVersion().equals(record.resourceVersion())) {
        throw new LeaseConflictException("the object has been modified");
      }
      return store(record);
    }
  }

  @Override
  public String describe() {
    return "test/lock";
  }

  synchronized LeaseRecord stored() {
    return stored;
  }

  synchronized void setUnreachable(boolean unreachable) {
    this.unreachable = unreachable;
  }

  synchronized void beforeNextWrite(Runnable competingWrite) {
    this.beforeNextWrite = competingWrite;
  }

  /** Runs {@code meanwhile} while the next read is on its way: what it writes, the read returns. */
  synchronized void duringNextRead(Runnable meanwhile) {
    this.duringNextRead = meanwhile;
  }

  /** Writes as someone else would, at whatever version is stored. */
  synchronized LeaseRecord forceWrite(LeaseRecord record) {
    return store(record);
  }

  private void runBeforeWrite() {
    Runnable hook;
    synchronized (this) {
      hook = beforeNextWrite;
      beforeNextWrite = null;
    }
    if (hook != null) {
      hook.run();
    }
  }

  private LeaseRecord store(LeaseRecord record) {
    stored = new LeaseRecord(record.holderIdentity(), record.leaseDurationSeconds(), record.acquireTime(),
        record.renewTime(), record.leaseTransitions(), Long.toString(++version));
    return stored;
  }

  private void failIfUnreachable() {
    if (unreachable) {
      throw new IllegalStateException("connection refused");
    }
  }
}
