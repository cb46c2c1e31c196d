package io.capstan.client.leader;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election over a Lease with client-go's {@code leaderelection} semantics.
 *
 * <p>A candidate acquires the Lease when it does not exist, is held by nobody, is held by this
 * identity, or has not changed for {@code leaseDurationSeconds} as seen by this elector's own
 * monotonic clock since it last saw it change — the other holder's {@code renewTime} is never
 * compared with our clock, so clock skew between machines does not matter. Every write carries
 * the resourceVersion it read; a conflict means another elector won.
 *
 * <p>The leader renews every {@code retryPeriod}. If it has not renewed for {@code renewDeadline}
 * it stops leading ({@link LeaderCallbacks#onStoppedLeading}) and the elector ends: like
 * client-go, an elector leads at most once; build a new one to stand again. {@link #stop()} ends
 * it on purpose and, with {@code releaseOnStop}, clears the holder so a standby takes over at once.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} once. Two daemon threads, named
 * {@code leader-elector-<namespace>-<name>} (the election loop) and {@code …-callbacks}.
 */
public final class LeaderElector {

  private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

  private final LeaderElectionConfig config;
  private final LeaseStore store;
  private final LeaderCallbacks callbacks;
  private final ElectionClock clock;
  private final ExecutorService callbackThread;
  private final Thread loopThread;
  private final String callbackThreadName;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  // Election state, written under this; observedRecord is volatile so leader() never waits for
  // an attempt that is talking to the API server.
  private volatile LeaseRecord observedRecord;
  private long observedNanos;
  private String reportedLeader = "";
  private long lastRenewNanos;
  private volatile boolean leading;
  private volatile boolean ended;

  public LeaderElector(LeaderElectionConfig config, LeaseStore store, LeaderCallbacks callbacks) {
    this(config, store, callbacks, ElectionClock.system());
  }

  public LeaderElector(
      LeaderElectionConfig config, LeaseStore store, LeaderCallbacks callbacks, ElectionClock clock) {
    this.config = config;
    this.store = store;
    this.callbacks = callbacks;
    this.clock = clock;
    String name = "leader-elector-" + config.leaseNamespace() + "-" + config.leaseName();
    this.callbackThreadName = name + "-callbacks";
    this.callbackThread = Executors.newSingleThreadExecutor(r -> daemon(r, callbackThreadName));
    this.loopThread = daemon(this::loop, name);
  }

  /** Starts competing for the lease. */
  public void start() {
    loopThread.start();
  }

  /**
   * Stops competing; if leading, releases the lease (with {@code releaseOnStop}) and calls
   * {@link LeaderCallbacks#onStoppedLeading}. Returns once the election loop has ended and the
   * callbacks queued so far have run (unless called from a callback, which cannot wait for itself).
   */
  public void stop() throws InterruptedException {
    stopRequested.countDown();
    if (loopThread.isAlive()) {
      loopThread.join();
    } else if (loopThread.getState() == Thread.State.NEW) {
      ended = true;
    }
    callbackThread.shutdown();
    if (!Thread.currentThread().getName().equals(callbackThreadName)) {
      callbackThread.awaitTermination(config.leaseDuration().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Whether this elector believes it holds the lease (it renewed within the renew deadline). */
  public boolean isLeader() {
    return leading;
  }

  /** The holder this elector last saw in the Lease, if any. */
  public Optional<String> leader() {
    LeaseRecord observed = observedRecord;
    return observed == null || !observed.isHeld() ? Optional.empty() : Optional.of(observed.holderIdentity());
  }

  /** Whether the election loop has ended (stopped, or leadership lost). */
  public boolean hasEnded() {
    return ended;
  }

  public String identity() {
    return config.identity();
  }

  private void loop() {
    try {
      Duration wait;
      while ((wait = runOnce()) != null) {
        if (stopRequested.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
          stopLeading(config.releaseOnStop());
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopLeading(config.releaseOnStop());
    } catch (RuntimeException | Error e) {
      log.error("leader election for {} failed; giving up the lease", store.describe(), e);
      stopLeading(false);
      throw e;
    } finally {
      ended = true;
      callbackThread.shutdown();
    }
  }

  /**
   * One attempt to acquire or renew, and what follows from it. Returns how long to wait before
   * the next attempt, or {@code null} when leadership was lost and the elector ends.
   */
  synchronized Duration runOnce() {
    long now = clock.nanoTime();
    boolean succeeded = tryAcquireOrRenew();
    reportNewLeader();
    if (!leading) {
      if (succeeded) {
        leading = true;
        lastRenewNanos = now;
        log.info("{} acquired lease {}", config.identity(), store.describe());
        callbackThread.execute(callbacks::onStartedLeading);
        return config.retryPeriod();
      }
      return jittered(config.retryPeriod());
    }
    if (succeeded) {
      lastRenewNanos = now;
      return config.retryPeriod();
    }
    if (now - lastRenewNanos >= config.renewDeadline().toNanos()) {
      log.warn("{} could not renew lease {} within {}; stopping leading",
          config.identity(), store.describe(), config.renewDeadline());
      stopLeading(false);
      ended = true;
      return null;
    }
    return config.retryPeriod();
  }

  /** client-go's {@code tryAcquireOrRenew}: true if this elector holds the lease afterwards. */
  synchronized boolean tryAcquireOrRenew() {
    Instant wallNow = clock.now();
    long now = clock.nanoTime();
    int durationSeconds = config.leaseDurationSeconds();
    try {
      Optional<LeaseRecord> current = store.get();
      if (current.isEmpty()) {
        observe(store.create(new LeaseRecord(config.identity(), durationSeconds, wallNow, wallNow, 0, null)), now);
        return true;
      }
      LeaseRecord old = current.get();
      if (changedSinceObserved(old)) {
        // Seen when the read returned, not when it was sent (client-go's observedTime): a holder
        // may have renewed while a slow read was on its way, and its lease runs from then.
        observe(old, clock.nanoTime());
      }
      boolean heldByUs = old.holderIdentity().equals(config.identity());
      long expiresAt = observedNanos + TimeUnit.SECONDS.toNanos(old.leaseDurationSeconds());
      if (old.isHeld() && !heldByUs && now - expiresAt < 0) {
        return false; // someone else holds it and we saw it change less than a lease ago
      }
      LeaseRecord next = heldByUs
          ? old.replacedBy(config.identity(), durationSeconds, orElse(old.acquireTime(), wallNow), wallNow,
              old.leaseTransitions())
          : old.replacedBy(config.identity(), durationSeconds, wallNow, wallNow, old.leaseTransitions() + 1);
      observe(store.update(next), now);
      return true;
    } catch (LeaseConflictException e) {
      log.debug("{} lost a race for lease {}: {}", config.identity(), store.describe(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      log.warn("{} could not read or write lease {}: {}", config.identity(), store.describe(), e.toString());
      return false;
    }
  }

  /**
   * Clears the holder if this elector holds the lease, keeping the transition count, so the
   * next candidate acquires at once. Returns whether the lease is now not ours.
   */
  synchronized boolean release() {
    if (observedRecord == null || !observedRecord.holderIdentity().equals(config.identity())) {
      return true;
    }
    Instant wallNow = clock.now();
    try {
      observe(store.update(observedRecord.replacedBy("", 1, wallNow, wallNow, observedRecord.leaseTransitions())),
          clock.nanoTime());
      log.info("{} released lease {}", config.identity(), store.describe());
      return true;
    } catch (RuntimeException e) {
      log.warn("{} could not release lease {}: {}", config.identity(), store.describe(), e.toString());
      return false;
    }
  }

  private synchronized void stopLeading(boolean release) {
    if (!leading) {
      return;
    }
    if (release) {
      release();
    }
    leading = false;
    callbackThread.execute(callbacks::onStoppedLeading);
  }

  private void observe(LeaseRecord record, long nanos) {
    observedRecord = record;
    observedNanos = nanos;
  }

  /** Every write gives the Lease a new resourceVersion, so that alone tells a change. */
  private boolean changedSinceObserved(LeaseRecord current) {
    if (observedRecord == null) {
      return true;
    }
    return current.resourceVersion() != null
        ? !current.resourceVersion().equals(observedRecord.resourceVersion())
        : !current.equals(observedRecord);
  }

  private void reportNewLeader() {
    if (observedRecord == null || !observedRecord.isHeld()
        || observedRecord.holderIdentity().equals(reportedLeader)) {
      return;
    }
    String leader = observedRecord.holderIdentity();
    reportedLeader = leader;
    callbackThread.execute(() -> callbacks.onNewLeader(leader));
  }

  private static Duration jittered(Duration period) {
    double extra = ThreadLocalRandom.current().nextDouble() * (LeaderElectionConfig.JITTER_FACTOR - 1);
    return Duration.ofNanos((long) (period.toNanos() * (1 + extra)));
  }

  private static Instant orElse(Instant value, Instant fallback) {
    return value != null ? value : fallback;
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }
}
