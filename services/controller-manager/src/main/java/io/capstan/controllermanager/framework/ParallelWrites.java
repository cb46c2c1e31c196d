package io.capstan.controllermanager.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Kubernetes' slow start: writes in batches of 1, 2, 4, … so a broken template (every create
 * rejected) costs one call, not hundreds; each batch runs in parallel.
 */
public final class ParallelWrites {
  private ParallelWrites() {}

  /**
   * Runs {@code write(i)} for i in [0, count) in growing batches; stops after the first batch with
   * a failure. Returns how many succeeded; failures are collected in {@code errors}.
   */
  public static int slowStart(ExecutorService pool, int count, IntConsumer write, List<RuntimeException> errors)
      throws InterruptedException {
    int done = 0;
    int succeeded = 0;
    for (int batch = Math.min(1, count); done < count; batch = Math.min(batch * 2, count - done)) {
      List<Future<?>> futures = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        int index = done + i;
        futures.add(pool.submit(() -> write.accept(index)));
      }
      done += batch;
      boolean failed = false;
      for (Future<?> f : futures) {
        try {
          f.get();
          succeeded++;
        } catch (ExecutionException e) {
          failed = true;
          errors.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
        }
      }
      if (failed) break;
    }
    return succeeded;
  }
}
