package io.capstan.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.capstan.bench.ApiServerVsEtcdBench.Stats;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts ConfigMaps into etcd at a fixed rate, as the apiserver stores them
 * ({@code /registry/configmaps/<ns>/<name>}), cycling over a pool of names (creates first, then
 * updates). Puts are asynchronous so the rate does not depend on etcd's latency; each value
 * carries {@code System.nanoTime()} taken just before its put is sent (see {@link LatencyRecorder}).
 */
final class PacedConfigMapWriter {
  private static final int MAX_IN_FLIGHT = 2_000;

  /**
   * One run: how many puts, their nanoTime window, the revision of the newest, and the put latency
   * (sent → etcd's answer), which shows whether etcd kept up with the rate.
   */
  record Run(int writes, long firstNanos, long endNanos, long lastRevision, Stats acks) {
    double perSecond() {
      return writes / ((endNanos - firstNanos) / 1e9);
    }
  }

  private final KV kv;
  private final String namespace;
  private final int names;
  private final String padding;
  private long sequence;

  PacedConfigMapWriter(KV kv, String namespace, int names, int paddingBytes) {
    this.kv = kv;
    this.namespace = namespace;
    this.names = names;
    this.padding = "x".repeat(paddingBytes);
  }

  /** Writes {@code perSecond} puts a second for {@code seconds}; returns once every put is acknowledged. */
  Run run(int perSecond, double seconds) throws Exception {
    int total = (int) Math.round(perSecond * seconds);
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicLong lastRevision = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] acks = new long[total];
    long start = System.nanoTime();
    for (int i = 0; i < total && failure.get() == null; i++) {
      long due = start + i * interval - System.nanoTime();
      if (due > 0) TimeUnit.NANOSECONDS.sleep(due);
      if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) throw new IllegalStateException("etcd stopped answering puts");
      String name = "cm-" + (sequence++ % names);
      int op = i;
      long t = System.nanoTime();
      kv.put(bytes("/registry/configmaps/" + namespace + "/" + name), bytes(value(name, t))).whenComplete((r, e) -> {
        acks[op] = System.nanoTime() - t;
        if (e != null) failure.compareAndSet(null, e);
        else lastRevision.accumulateAndGet(r.getHeader().getRevision(), Math::max);
        inFlight.release();
      });
    }
    long end = System.nanoTime();
    if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS)) throw new IllegalStateException("puts still pending after 30 s");
    // Acquiring every permit happens after each callback's release: the acks array is complete here.
    inFlight.release(MAX_IN_FLIGHT);
    if (failure.get() != null) throw new IllegalStateException("a put failed: " + failure.get(), failure.get());
    return new Run(total, start, end, lastRevision.get(), new Stats(acks, end - start));
  }

  private String value(String name, long t) {
    return "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
        + namespace + "\",\"labels\":{\"app\":\"bench\"}},\"data\":{\"t\":\"" + t + "\",\"pad\":\"" + padding + "\"}}";
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
