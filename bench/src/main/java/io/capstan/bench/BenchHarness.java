package io.capstan.bench;

import io.capstan.bench.ApiServerVsEtcdBench.BenchFailure;
import io.capstan.bench.ApiServerVsEtcdBench.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** What every benchmark main shares: the exit protocol and the "N clients released together" phase. */
final class BenchHarness {
  private BenchHarness() {}

  /** One timed operation of one client; returns its latency in nanoseconds. */
  interface TimedOp {
    long run(int client, int i) throws Exception;
  }

  /** A benchmark body. */
  interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body}, prints a failure loudly, and exits with 0 or 1. */
  static void main(Body body) {
    int exit = 0;
    try {
      body.run();
    } catch (BenchFailure e) {
      System.err.println("BENCHMARK FAILED: " + e.getMessage());
      exit = 1;
    } catch (Throwable e) {
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace();
      exit = 1;
    }
    System.out.flush();
    // The fixtures stop through their shutdown hooks; exit explicitly so no pool thread keeps the JVM.
    System.exit(exit);
  }

  /**
   * {@code clients} threads, released together, each doing {@code perClient} ops; wall time from
   * release to the last. The first failure of any client fails the phase, as does passing {@code deadline}.
   */
  static Stats phase(ExecutorService pool, int clients, int perClient, String label, Instant deadline,
      int maxSeconds, TimedOp op) throws Exception {
    long[][] lat = new long[clients][perClient];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      pool.execute(() -> {
        try {
          ready.countDown();
          go.await();
          for (int i = 0; i < perClient && failure.get() == null; i++) lat[client][i] = op.run(client, i);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      });
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    long left = Duration.between(Instant.now(), deadline).toMillis();
    if (!done.await(Math.max(0, left), TimeUnit.MILLISECONDS)) {
      failure.compareAndSet(null, new BenchFailure("the run exceeded bench.maxSeconds=" + maxSeconds));
    }
    long wall = System.nanoTime() - start;
    Throwable f = failure.get();
    if (f instanceof BenchFailure bf) throw new BenchFailure(label + ": " + bf.getMessage());
    if (f != null) throw new BenchFailure(label + ": " + f);
    long[] all = new long[clients * perClient];
    for (int c = 0; c < clients; c++) System.arraycopy(lat[c], 0, all, c * perClient, perClient);
    return new Stats(all, wall);
  }
}
