package io.capstan.scheduler.app;

import io.capstan.client.app.LeaseProperties;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerReplica;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The scheduler's lifecycle in the app: informers start at once; the scheduling loop runs only
 * while this replica holds the {@code kube-system/kube-scheduler} Lease, so two replicas can run
 * with one active.
 */
@Component
public class SchedulerRunner implements SmartLifecycle {
  private final SchedulerProperties props;
  private final MeterRegistry meters;
  private KubernetesClient client;
  private SchedulerReplica replica;
  private volatile boolean running;

  public SchedulerRunner(SchedulerProperties props, MeterRegistry meters) {
    this.props = props;
    this.meters = meters;
  }

  @Override
  public void start() {
    client = props.getApi().connect();
    String identity = LeaseProperties.identity("scheduler");
    SchedulerAssembly assembly = new SchedulerAssembly(client, props.getKafka().bus("scheduler-" + identity),
        props.getScheduler().settings(), InTreePlugins.registry(), meters);
    replica = new SchedulerReplica(assembly, callbacks -> props.getScheduler().elector(client, identity, callbacks));
    try {
      replica.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the scheduler's informers synced", e);
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    try {
      if (replica != null) replica.close();
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
