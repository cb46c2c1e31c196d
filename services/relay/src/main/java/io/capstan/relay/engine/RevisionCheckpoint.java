package io.capstan.relay.engine;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last revision Kafka acknowledged, kept in etcd at {@code <statePrefix>revision} so a
 * restarted or new leader continues where the old one stopped. Written only by the current leader
 * (the transaction compares the leader key) and only with revisions Kafka has acknowledged.
 */
final class RevisionCheckpoint {
  private static final long TIMEOUT_SECONDS = 5;

  private final KV kv;
  private final ByteSequence key;
  private final RelayLeadership leadership;
  private long written = -1;

  RevisionCheckpoint(KV kv, RelaySettings settings, RelayLeadership leadership) {
    this.kv = kv;
    this.key = RelayLeadership.bytes(settings.revisionKey());
    this.leadership = leadership;
  }

  OptionalLong read() throws InterruptedException, ExecutionException, TimeoutException {
    GetResponse r = kv.get(key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (r.getKvs().isEmpty()) return OptionalLong.empty();
    return OptionalLong.of(Long.parseLong(r.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)));
  }

  /** etcd's current revision (the header of a cheap count-only read). */
  long currentRevision() throws InterruptedException, ExecutionException, TimeoutException {
    return kv.get(key, GetOption.builder().withCountOnly(true).build())
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getHeader().getRevision();
  }

  /**
   * Where a new term starts: the stored checkpoint, or on first start etcd's current revision
   * (consumers LIST before they watch, so nothing older is needed), stored at once so a crash
   * before the first checkpoint does not skip what happens meanwhile.
   *
   * @throws LeadershipLostException if this instance no longer leads
   */
  long startingPoint() throws InterruptedException, ExecutionException, TimeoutException {
    OptionalLong stored = read();
    if (stored.isPresent()) {
      written = stored.getAsLong();
      return written;
    }
    long current = currentRevision();
    if (!write(current)) throw new LeadershipLostException();
    return current;
  }

  /**
   * Stores {@code revision} if this instance still holds the leader key; false if it does not
   * (the caller must stop publishing). Writing a revision not above the last one is a no-op.
   */
  boolean write(long revision) throws InterruptedException, ExecutionException, TimeoutException {
    if (revision <= written) return true;
    boolean ok = kv.txn()
        .If(leadership.isLeaderCondition())
        .Then(Op.put(key, RelayLeadership.bytes(Long.toString(revision)), PutOption.DEFAULT))
        .commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).isSucceeded();
    if (ok) written = revision;
    return ok;
  }

  long lastWritten() {
    return written;
  }

  /** This instance found the leader key no longer its own. */
  static final class LeadershipLostException extends RuntimeException {
    LeadershipLostException() {
      super("leader key no longer held", null, false, false);
    }
  }
}
