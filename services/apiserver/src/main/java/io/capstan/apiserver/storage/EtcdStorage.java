package io.capstan.apiserver.storage;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Storage} on etcd v3 through jetcd. Every conditional write is one etcd transaction
 * comparing {@code mod_revision} (or {@code create_revision == 0} for create), so a write either
 * lands whole or not at all.
 */
public class EtcdStorage implements Storage {

  private static final int MAX_UPDATE_ATTEMPTS = 32;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final Client client;
  private final KV kv;

  public EtcdStorage(String endpoints) {
    // Like Kubernetes' etcd client, accept responses of any size: a large unpaged list must not fail
    // on gRPC's 4 MiB default.
    this.client = Client.builder().endpoints(endpoints.split(",")).maxInboundMessageSize(Integer.MAX_VALUE).build();
    this.kv = client.getKVClient();
  }

  @Override
  public Entry create(String key, byte[] value) {
    ByteSequence k = bytes(key);
    TxnResponse r = await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
        .commit(), key);
    if (!r.isSucceeded()) {
      throw new StorageException(StorageException.Code.KEY_EXISTS, key, "key exists: " + key);
    }
    long rev = r.getHeader().getRevision();
    return new Entry(key, value, rev, rev);
  }

  @Override
  public Optional<Entry> get(String key) {
    GetResponse r = await(kv.get(bytes(key)), key);
    return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(entry(r.getKvs().get(0)));
  }

  @Override
  public Page list(String prefix, String startKey, long limit, long revision) {
    ByteSequence start = bytes(startKey == null ? prefix : startKey);
    GetOption.Builder opt = GetOption.builder().withRange(rangeEnd(prefix));
    // Ask for one more than the limit to learn whether another page exists.
    if (limit > 0) opt.withLimit(limit + 1);
    if (revision > 0) opt.withRevision(revision);
    GetResponse r = await(kv.get(start, opt.build()), prefix);
    List<Entry> entries = new ArrayList<>();
    String next = null;
    for (KeyValue kvp : r.getKvs()) {
      if (limit > 0 && entries.size() == limit) {
        next = kvp.getKey().toString(StandardCharsets.UTF_8);
        break;
      }
      entries.add(entry(kvp));
    }
    long remaining = next == null ? 0 : Math.max(0, r.getCount() - entries.size());
    return new Page(entries, r.getHeader().getRevision(), next, remaining);
  }

  @Override
  public Entry guaranteedUpdate(String key, UpdateFunction tryUpdate) {
    ByteSequence k = bytes(key);
    Entry current = get(key).orElseThrow(() -> notFound(key));
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      byte[] updated = tryUpdate.apply(current);
      if (java.util.Arrays.equals(updated, current.value())) {
        return current; // a no-op write leaves etcd (and every watcher) alone, as in Kubernetes
      }
      TxnResponse r = await(kv.txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(current.modRevision())))
          .Then(Op.put(k, ByteSequence.from(updated), PutOption.DEFAULT))
          .Else(Op.get(k, GetOption.DEFAULT))
          .commit(), key);
      if (r.isSucceeded()) {
        return new Entry(key, updated, r.getHeader().getRevision(), current.createRevision());
      }
      List<KeyValue> now = r.getGetResponses().get(0).getKvs();
      if (now.isEmpty()) throw notFound(key);
      current = entry(now.get(0));
    }
    throw new StorageException(StorageException.Code.CONFLICT, key,
        "too many concurrent writers on " + key);
  }

  @Override
  public Entry delete(String key, DeleteCheck check) {
    ByteSequence k = bytes(key);
    Entry current = get(key).orElseThrow(() -> notFound(key));
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      check.check(current);
      TxnResponse r = await(kv.txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(current.modRevision())))
          .Then(Op.delete(k, DeleteOption.DEFAULT))
          .Else(Op.get(k, GetOption.DEFAULT))
          .commit(), key);
      if (r.isSucceeded()) {
        return new Entry(key, current.value(), r.getHeader().getRevision(), current.createRevision());
      }
      List<KeyValue> now = r.getGetResponses().get(0).getKvs();
      if (now.isEmpty()) throw notFound(key);
      current = entry(now.get(0));
    }
    throw new StorageException(StorageException.Code.CONFLICT, key, "too many concurrent writers on " + key);
  }

  @Override
  public long currentRevision() {
    // A count-only read of an empty range costs etcd nothing and returns the header revision.
    GetResponse r = await(kv.get(bytes("\0"), GetOption.builder().withCountOnly(true).build()), "revision");
    return r.getHeader().getRevision();
  }

  @Override
  public void compact(long revision) {
    try {
      await(kv.compact(revision), "compact");
    } catch (StorageException e) {
      if (e.code() != StorageException.Code.COMPACTED) throw e; // another apiserver got there first
    }
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    WatchOption opt = WatchOption.builder()
        .withRange(rangeEnd(prefix))
        .withRevision(afterRevision + 1)
        .withPrevKV(true)
        .build();
    io.etcd.jetcd.Watch.Watcher watcher = client.getWatchClient().watch(bytes(prefix), opt,
        new io.etcd.jetcd.Watch.Listener() {
          @Override
          public void onNext(WatchResponse response) {
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
              listener.onEvent(event(e));
            }
          }

          @Override
          public void onError(Throwable t) {
            listener.onClose(watchError(prefix, afterRevision, t));
          }

          @Override
          public void onCompleted() {
            listener.onClose(null);
          }
        });
    return watcher::close;
  }

  private static WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
    KeyValue kvp = e.getKeyValue();
    String key = kvp.getKey().toString(StandardCharsets.UTF_8);
    byte[] prev = e.getPrevKV() == null || e.getPrevKV().getKey().isEmpty() ? null : e.getPrevKV().getValue().getBytes();
    if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
      return new WatchEvent(WatchEvent.Type.DELETED, key, null, prev, kvp.getModRevision());
    }
    WatchEvent.Type type = kvp.getCreateRevision() == kvp.getModRevision()
        ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
    return new WatchEvent(type, key, kvp.getValue().getBytes(), prev, kvp.getModRevision());
  }

  private static StorageException watchError(String prefix, long rev, Throwable t) {
    String msg = String.valueOf(t.getMessage());
    if (t.getClass().getSimpleName().contains("Compacted") || msg.contains("compacted")) {
      return new StorageException(StorageException.Code.COMPACTED, prefix,
          "too old resource version: " + rev, t);
    }
    return new StorageException(StorageException.Code.UNAVAILABLE, prefix, "watch failed: " + msg, t);
  }

  private static Entry entry(KeyValue kvp) {
    return new Entry(kvp.getKey().toString(StandardCharsets.UTF_8), kvp.getValue().getBytes(),
        kvp.getModRevision(), kvp.getCreateRevision());
  }

  private static StorageException notFound(String key) {
    return new StorageException(StorageException.Code.NOT_FOUND, key, "key not found: " + key);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** The etcd range end covering every key with this prefix. */
  static ByteSequence rangeEnd(String prefix) {
    byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        byte[] end = java.util.Arrays.copyOf(b, i + 1);
        end[i]++;
        return ByteSequence.from(end);
      }
    }
    return ByteSequence.from(new byte[] {0});
  }

  private static <T> T await(CompletableFuture<T> f, String key) {
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(StorageException.Code.UNAVAILABLE, key, "interrupted talking to etcd", e);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new StorageException(StorageException.Code.UNAVAILABLE, key, "etcd did not answer in time", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String msg = String.valueOf(cause == null ? e.getMessage() : cause.getMessage());
      if (msg.contains("compacted")) {
        throw new StorageException(StorageException.Code.COMPACTED, key,
            "The provided continue parameter is too old to display a consistent list result.", cause);
      }
      throw new StorageException(StorageException.Code.UNAVAILABLE, key, "etcd: " + msg, cause);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
