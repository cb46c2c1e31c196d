package io.capstan.scheduler.core;

import io.capstan.client.leader.LeaderCallbacks;
import io.capstan.client.leader.LeaderElector;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduler replica (kube-scheduler with {@code --leader-elect}): its informers run from the
 * start, so a standby's cache is warm, but its scheduling loop runs only while it holds the Lease,
 * so any number of replicas can run with exactly one binding pods. A replica that loses the Lease
 * stops scheduling and does not compete again, as client-go's elector ends its run.
 */
public final class SchedulerReplica implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SchedulerReplica.class);

  private final SchedulerAssembly assembly;
  private final LeaderElector elector;

  /**
   * @param elector makes this replica's elector (its Lease, identity and timings) around the
   *     callbacks that start and stop the loop
   */
  public SchedulerReplica(SchedulerAssembly assembly, Function<LeaderCallbacks, LeaderElector> elector) {
    this.assembly = assembly;
    this.elector = elector.apply(LeaderCallbacks.of(() -> {
      log.info("leading: scheduling");
      assembly.startScheduling();
    }, () -> {
      log.info("no longer leading: scheduling stops");
      try {
        assembly.stopScheduling();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, leader -> log.info("scheduler leader is {}", leader)));
  }

  /** Starts the informers, waits until they have listed, then competes for the Lease. */
  public void start() throws InterruptedException {
    assembly.start();
    elector.start();
  }

  public boolean isLeader() {
    return elector.isLeader();
  }

  public String identity() {
    return elector.identity();
  }

  public SchedulerAssembly assembly() {
    return assembly;
  }

  /** Stops competing (releasing the Lease if so configured), then the loop and the informers. */
  @Override
  public void close() throws InterruptedException {
    try {
      elector.stop();
    } finally {
      assembly.close();
    }
  }
}
