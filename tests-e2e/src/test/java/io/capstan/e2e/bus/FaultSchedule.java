package io.capstan.e2e.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Faults injected at fixed points of a {@link ConfigMapChurn} run, and the pacing that keeps the
 * run long enough for them to matter. As a {@link ConfigMapChurn.Gate} it holds op {@code atOp}
 * and later ops until that step's fault has happened, so each fault lands at a known point of the
 * write stream whatever the machine's speed; the step's recovery (wait for a new leader, restart
 * a broker) then runs while the writers go on.
 */
final class FaultSchedule implements ConfigMapChurn.Gate {

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  record Step(int atOp, String name, Action fault, Action recovery) {}

  private final List<Step> steps;
  private final List<CountDownLatch> reached;
  private final List<CountDownLatch> fired;
  private final long nanosPerOp;
  private final Duration stepTimeout;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private volatile long startNanos;
  private volatile Throwable failure;
  private Thread thread;

  /** @param opsPerSecond the writers' overall pace (ops are spread evenly over time) */
  FaultSchedule(List<Step> steps, int opsPerSecond, Duration stepTimeout) {
    this.steps = List.copyOf(steps);
    this.reached = steps.stream().map(s -> new CountDownLatch(1)).toList();
    this.fired = steps.stream().map(s -> new CountDownLatch(1)).toList();
    this.nanosPerOp = TimeUnit.SECONDS.toNanos(1) / opsPerSecond;
    this.stepTimeout = stepTimeout;
  }

  @Override
  public void beforeOp(int index) throws InterruptedException {
    if (startNanos == 0) {
      synchronized (this) {
        if (startNanos == 0) startNanos = System.nanoTime();
      }
    }
    for (int s = 0; s < steps.size(); s++) {
      if (index < steps.get(s).atOp()) break;
      reached.get(s).countDown();
      if (!fired.get(s).await(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("fault '" + steps.get(s).name() + "' did not happen within " + stepTimeout);
      }
    }
    long due = startNanos + index * nanosPerOp - System.nanoTime();
    if (due > 0) TimeUnit.NANOSECONDS.sleep(due);
  }

  void start() {
    thread = new Thread(this::run, "fault-schedule");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for every step (fault and recovery) to finish; rethrows the first failure. */
  void awaitDone(Duration timeout) throws Exception {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) throw new IllegalStateException("fault schedule still running after " + timeout + ": " + log);
    if (failure instanceof Exception e) throw e;
    if (failure != null) throw new IllegalStateException(failure);
  }

  /** What happened, with times relative to the first write. */
  List<String> log() {
    return List.copyOf(log);
  }

  void note(String what) {
    long at = startNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    log.add(String.format("%6d ms  %s", at, what));
  }

  private void run() {
    try {
      for (int s = 0; s < steps.size(); s++) {
        Step step = steps.get(s);
        if (!reached.get(s).await(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the writers did not reach op " + step.atOp() + " within " + stepTimeout);
        }
        try {
          step.fault().run();
          note(step.name() + " at op " + step.atOp());
        } finally {
          fired.get(s).countDown();
        }
        step.recovery().run();
      }
    } catch (Throwable e) {
      failure = e;
      note("FAILED: " + e);
      // Let held writers go on (they fail on their own if the fault is missing): never leave them parked.
      fired.forEach(CountDownLatch::countDown);
    }
  }
}
