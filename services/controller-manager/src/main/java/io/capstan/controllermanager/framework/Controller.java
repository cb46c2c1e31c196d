package io.capstan.controllermanager.framework;

import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.workqueue.QueueConfig;
import io.capstan.client.workqueue.RateLimitingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller: a rate-limited work queue of keys, filled by informer event handlers, and
 * {@code workers} threads calling {@link Reconciler#reconcile} (client-go's
 * {@code processNextWorkItem} loop). The queue guarantees a key is never reconciled by two
 * workers at once. Metrics: the queue's {@code workqueue_*} (tag {@code name=<controller>}),
 * {@code controller_runtime_reconcile_time_seconds}, {@code controller_runtime_reconcile_total}
 * and {@code controller_runtime_reconcile_errors_total} (tag {@code controller}).
 */
public final class Controller {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);

  private final String name;
  private final Reconciler reconciler;
  private final int workers;
  private final RateLimitingQueue<String> queue;
  private final Predicate<String> keyFilter;
  private final Timer duration;
  private final Counter errors;
  private final Counter succeeded;
  private final Counter requeued;
  private final List<Thread> threads = new ArrayList<>();

  /** @param keyFilter keys outside it are never queued (a namespace scope; {@code k -> true} normally) */
  public Controller(String name, Reconciler reconciler, int workers, MeterRegistry meters, Predicate<String> keyFilter) {
    this.name = name;
    this.reconciler = reconciler;
    this.workers = workers;
    this.keyFilter = keyFilter;
    this.queue = RateLimitingQueue.create(QueueConfig.named(name).withMeterRegistry(meters));
    this.duration = Timer.builder("controller.runtime.reconcile.time").description("Time per reconcile")
        .tag("controller", name).publishPercentileHistogram().register(meters);
    this.errors = Counter.builder("controller.runtime.reconcile.errors").description("Reconciles that failed")
        .tag("controller", name).register(meters);
    this.succeeded = Counter.builder("controller.runtime.reconcile").tag("controller", name).tag("result", "success")
        .register(meters);
    this.requeued = Counter.builder("controller.runtime.reconcile").tag("controller", name).tag("result", "requeue_after")
        .register(meters);
  }

  public String name() {
    return name;
  }

  /** Queues {@code key} (deduplicated with a waiting one). Safe from informer handlers. */
  public void enqueue(String key) {
    if (key != null && keyFilter.test(key)) queue.add(key);
  }

  /**
   * A handler that queues {@code key.apply(object)} on every add, update and delete (a null key
   * is skipped): for resources whose every change means "look at that object again".
   */
  public <T> ResourceEventHandler<T> enqueueOnChange(Function<T, String> key) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object, boolean initialList) {
        enqueue(key.apply(object));
      }

      @Override
      public void onUpdate(T old, T now) {
        enqueue(key.apply(now));
      }

      @Override
      public void onDelete(T lastKnown) {
        enqueue(key.apply(lastKnown));
      }
    };
  }

  /**
   * Like {@link #enqueueOnChange(Function)}, and tells {@code onDeleted} the
   * key of a deleted object first (controllers forget their expectations for it).
   */
  public <T> ResourceEventHandler<T> enqueueOnChange(Function<T, String> key,
      Consumer<String> onDeleted) {
    ResourceEventHandler<T> plain = enqueueOnChange(key);
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object, boolean initialList) {
        plain.onAdd(object, initialList);
      }

      @Override
      public void onUpdate(T old, T now) {
        plain.onUpdate(old, now);
      }

      @Override
      public void onDelete(T lastKnown) {
        String k = key.apply(lastKnown);
        if (k != null) onDeleted.accept(k);
        plain.onDelete(lastKnown);
      }
    };
  }

  /**
   * A handler for dependents: every change queues the keys {@code related} names for the object
   * — on an update for both the old and the new version, since a label change can move a
   * dependent from one owner to another.
   */
  public <T> ResourceEventHandler<T> enqueueRelated(
      Function<T, ? extends Iterable<String>> related) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object, boolean initialList) {
        related.apply(object).forEach(Controller.this::enqueue);
      }

      @Override
      public void onUpdate(T old, T now) {
        related.apply(old).forEach(Controller.this::enqueue);
        related.apply(now).forEach(Controller.this::enqueue);
      }

      @Override
      public void onDelete(T lastKnown) {
        related.apply(lastKnown).forEach(Controller.this::enqueue);
      }
    };
  }

  public void enqueueAfter(String key, Duration delay) {
    if (key != null && keyFilter.test(key)) queue.addAfter(key, delay);
  }

  public int depth() {
    return queue.len();
  }

  public synchronized void start() {
    if (!threads.isEmpty()) return;
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(() -> queue.work(this::processOne), "controller-" + name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops taking keys and waits for the running reconciles to end. */
  public synchronized void stop() throws InterruptedException {
    queue.shutDown();
    for (Thread t : threads) t.join(30_000);
    threads.clear();
  }

  private void processOne(String key) {
    long start = System.nanoTime();
    try {
      Result r = reconciler.reconcile(key);
      queue.forget(key);
      if (r.requeues()) {
        requeued.increment();
        queue.addAfter(key, r.requeueAfter());
      } else {
        succeeded.increment();
      }
    } catch (Exception e) {
      errors.increment();
      int retries = queue.numRequeues(key);
      if (retries < 5) log.debug("{}: reconcile of {} failed (retry {}): {}", name, key, retries, e.toString());
      else log.warn("{}: reconcile of {} failed (retry {}): {}", name, key, retries, e.toString());
      queue.addRateLimited(key);
    } finally {
      duration.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
