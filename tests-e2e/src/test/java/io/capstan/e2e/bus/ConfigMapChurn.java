package io.capstan.e2e.bus;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random creates, updates and deletes of ConfigMaps written straight to etcd, as the apiserver
 * stores them ({@code /registry/configmaps/<ns>/<name>}, JSON values). Every op is one txn on a
 * random key of a fixed pool: {@code if version == 0 then create else (update | delete)}, so
 * updates and deletes always hit an existing key and every op is exactly one etcd revision.
 */
final class ConfigMapChurn {

  /** Called before op {@code index} (0-based) starts; may block to pace or to wait for a fault. */
  @FunctionalInterface
  interface Gate {
    void beforeOp(int index) throws InterruptedException;

    Gate OPEN = index -> {};
  }

  /** What the run did; {@code lastRevision} is the etcd revision of its newest write. */
  record Counts(int creates, int updates, int deletes, long lastRevision, Duration took) {
    int total() {
      return creates + updates + deletes;
    }

    @Override
    public String toString() {
      return "%d ops (%d creates, %d updates, %d deletes) in %d ms, last write at revision %d"
          .formatted(total(), creates, updates, deletes, took.toMillis(), lastRevision);
    }
  }

  private final KV kv;
  private final List<String> namespaces;
  private final int namesPerNamespace;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicInteger updates = new AtomicInteger();
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicLong lastRevision = new AtomicLong();

  ConfigMapChurn(KV kv, List<String> namespaces, int namesPerNamespace) {
    this.kv = kv;
    this.namespaces = List.copyOf(namespaces);
    this.namesPerNamespace = namesPerNamespace;
  }

  /** Ops finished so far. */
  int progress() {
    return done.get();
  }

  /** Runs {@code totalOps} ops on {@code threads} writer threads and returns once all are done; the first failure fails the run. */
  Counts run(int threads, int totalOps, Gate gate, Duration timeout) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "churn-writer"));
    long start = System.nanoTime();
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < totalOps; i = next.getAndIncrement()) {
            gate.beforeOp(i);
            writeOne(i);
            done.incrementAndGet();
          }
          return null;
        }));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Future<?> w : writers) w.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return new Counts(creates.get(), updates.get(), deletes.get(), lastRevision.get(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void writeOne(int index) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String ns = namespaces.get(random.nextInt(namespaces.size()));
    String name = "cm-" + random.nextInt(namesPerNamespace);
    ByteSequence key = EtcdPrefixLister.bytes("/registry/configmaps/" + ns + "/" + name);
    ByteSequence value = EtcdPrefixLister.bytes(configMap(ns, name, index, random));
    boolean delete = random.nextInt(4) == 0;
    Op otherwise = delete ? Op.delete(key, DeleteOption.DEFAULT) : Op.put(key, value, PutOption.DEFAULT);
    TxnResponse r = kv.txn()
        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
        .Then(Op.put(key, value, PutOption.DEFAULT))
        .Else(otherwise)
        .commit().get(20, TimeUnit.SECONDS);
    if (r.isSucceeded()) creates.incrementAndGet();
    else if (delete) deletes.incrementAndGet();
    else updates.incrementAndGet();
    lastRevision.accumulateAndGet(r.getHeader().getRevision(), Math::max);
  }

  private static String configMap(String ns, String name, int op, ThreadLocalRandom random) {
    return """
        {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"%s","namespace":"%s","uid":"%s",\
        "creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"churn"}},\
        "data":{"op":"%d","payload":"%016x%016x"}}""".formatted(name, ns, UUID.randomUUID(), op,
        random.nextLong(), random.nextLong());
  }
}
