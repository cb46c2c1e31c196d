package io.capstan.relay.engine;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on one lease-guarded etcd key: whoever creates {@code <statePrefix>leader}
 * (compare {@code version == 0}) attached to its own lease leads until that lease ends. A crashed
 * leader's key disappears when its lease expires (TTL), and a standby's next attempt wins.
 *
 * <p>A {@link Term} counts as held only while the lease is known to be alive: until one TTL (less
 * a safety margin) after the last keep-alive answer. So a leader cut off from etcd stops
 * publishing on its own, at about the time etcd expires its key.
 */
final class RelayLeadership {
  private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);
  private static final long CALL_TIMEOUT_SECONDS = 10;

  private final Client client;
  private final ByteSequence leaderKey;
  private final ByteSequence identity;
  private final long ttlSeconds;
  private final Duration campaignInterval;

  RelayLeadership(Client client, RelaySettings settings) {
    this.client = client;
    this.leaderKey = bytes(settings.leaderKey());
    this.identity = bytes(settings.identity());
    this.ttlSeconds = settings.leaseTtlSeconds();
    this.campaignInterval = settings.campaignInterval();
  }

  /** One lease held by this instance; {@link #isHeld()} turns false for good once the lease is gone. */
  static final class Term {
    final long leaseId;
    private final long validityNanos;
    private volatile long validUntilNanos;
    private volatile boolean lost;
    private volatile CloseableClient keepAlive;

    private Term(long leaseId, long ttlSeconds, long grantedAtNanos) {
      this.leaseId = leaseId;
      // etcd counts the TTL from when it handled the request, a little before we saw the answer.
      long margin = Math.min(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(ttlSeconds) / 4);
      this.validityNanos = TimeUnit.SECONDS.toNanos(ttlSeconds) - margin;
      this.validUntilNanos = grantedAtNanos + validityNanos;
    }

    boolean isHeld() {
      return !lost && System.nanoTime() - validUntilNanos < 0;
    }

    private void renewed(LeaseKeepAliveResponse response, long receivedAtNanos) {
      if (response.getTTL() <= 0) lost = true;
      else validUntilNanos = receivedAtNanos + validityNanos;
    }

    /** Stops renewing without revoking: the lease (and leadership) runs out by TTL, as after a crash. */
    void abandon() {
      lost = true;
      CloseableClient k = keepAlive;
      if (k != null) k.close();
    }
  }

  /**
   * Blocks until this instance holds the leader key, retrying every campaign interval; returns
   * null when {@code running} turns false first.
   */
  Term acquire(BooleanSupplier running) throws InterruptedException {
    while (running.getAsBoolean()) {
      Term term;
      try {
        term = grant();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("cannot grant a lease ({}); retrying", e.toString());
        Thread.sleep(campaignInterval.toMillis() * 4);
        continue;
      }
      try {
        while (running.getAsBoolean() && term.isHeld()) {
          if (tryClaim(term)) {
            log.info("leading as {} (lease {})", identity, Long.toHexString(term.leaseId));
            return term;
          }
          Thread.sleep(campaignInterval.toMillis());
        }
      } catch (ExecutionException | TimeoutException e) {
        log.warn("campaign failed ({}); retrying with a new lease", e.toString());
        Thread.sleep(campaignInterval.toMillis());
      }
      term.abandon();
    }
    return null;
  }

  /** Gives leadership up at once: the lease is revoked, which deletes the leader key. */
  void release(Term term) {
    term.abandon();
    try {
      client.getLeaseClient().revoke(term.leaseId).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("could not revoke lease {}; it expires by TTL: {}", Long.toHexString(term.leaseId), e.toString());
    }
  }

  /** A guard for transactions that only the leader of {@code term} may commit. */
  Cmp isLeaderCondition() {
    return new Cmp(leaderKey, Cmp.Op.EQUAL, CmpTarget.value(identity));
  }

  private Term grant() throws InterruptedException, ExecutionException, TimeoutException {
    long before = System.nanoTime();
    long id = client.getLeaseClient().grant(ttlSeconds).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).getID();
    Term term = new Term(id, ttlSeconds, before);
    term.keepAlive = client.getLeaseClient().keepAlive(id, new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse response) {
        term.renewed(response, System.nanoTime());
      }

      @Override
      public void onError(Throwable t) {
        log.warn("lease {} keep-alive failed: {}", Long.toHexString(id), t.toString());
        term.lost = true;
      }

      @Override
      public void onCompleted() {
        term.lost = true;
      }
    });
    return term;
  }

  private boolean tryClaim(Term term) throws InterruptedException, ExecutionException, TimeoutException {
    TxnResponse r = client.getKVClient().txn()
        .If(new Cmp(leaderKey, Cmp.Op.EQUAL, CmpTarget.version(0)))
        .Then(Op.put(leaderKey, identity, PutOption.builder().withLeaseId(term.leaseId).build()))
        .Else(Op.get(leaderKey, GetOption.DEFAULT))
        .commit().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return r.isSucceeded();
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
