package io.capstan.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs one function over [0, pieces) on a fixed pool of named threads, in chunks of about
 * sqrt(pieces) as Kubernetes' {@code parallelize.Until} does; the caller's thread works too.
 */
public final class Parallelizer implements AutoCloseable {
  private final int parallelism;
  private final ExecutorService pool;

  public Parallelizer(int parallelism) {
    this.parallelism = Math.max(1, parallelism);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(this.parallelism, r -> {
      Thread t = new Thread(r, "scheduler-parallel-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public void until(int pieces, IntConsumer work) {
    until(pieces, work, () -> false);
  }

  /** @param stop checked before each chunk; true ends the run early (enough feasible nodes found) */
  public void until(int pieces, IntConsumer work, BooleanSupplier stop) {
    if (pieces <= 0) return;
    int chunk = Math.max(1, (int) Math.sqrt(pieces));
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      while (!stop.getAsBoolean()) {
        int start = next.getAndAdd(chunk);
        if (start >= pieces) return;
        for (int i = start; i < Math.min(pieces, start + chunk); i++) work.accept(i);
      }
    };
    int helpers = Math.min(parallelism, (pieces + chunk - 1) / chunk) - 1;
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int i = 0; i < helpers; i++) futures.add(pool.submit(worker));
    worker.run();
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("parallel work failed: " + e.getCause(), e.getCause());
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
