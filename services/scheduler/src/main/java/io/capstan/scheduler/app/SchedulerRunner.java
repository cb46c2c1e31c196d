package io.capstan.scheduler.app;

import io.capstan.client.app.LeaseProperties;
import io.capstan.client.leader.LeaderCallbacks;
import io.capstan.client.leader.LeaderElector;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The scheduler's lifecycle in the app: informers start at once; the scheduling loop runs only
 * while this replica holds the {@code kube-system/kube-scheduler} Lease, so two replicas can run
 * with one active.
 */
@Component
public class SchedulerRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SchedulerRunner.class);
  private final SchedulerProperties props;
  private final MeterRegistry meters;
  private KubernetesClient client;
  private SchedulerAssembly assembly;
  private LeaderElector elector;
  private volatile boolean running;

  public SchedulerRunner(SchedulerProperties props, MeterRegistry meters) {
    this.props = props;
    this.meters = meters;
  }

  @Override
  public void start() {
    client = props.getApi().connect();
    String identity = LeaseProperties.identity("scheduler");
    assembly = new SchedulerAssembly(client, props.getKafka().bus("scheduler-" + identity), props.getScheduler().settings(),
        InTreePlugins.registry(), meters);
    try {
      assembly.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the scheduler's informers synced", e);
    }
    elector = props.getScheduler().elector(client, identity, LeaderCallbacks.of(() -> {
      log.info("leading as {}: scheduling", identity);
      assembly.startScheduling();
    }, () -> {
      log.info("lost the lease: scheduling stops");
      try {
        assembly.stopScheduling();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, leader -> log.info("scheduler leader is {}", leader)));
    elector.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    try {
      if (elector != null) elector.stop();
      if (assembly != null) assembly.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (client != null) client.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
