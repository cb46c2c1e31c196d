package io.capstan.scheduler.app;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.leader.Fabric8LeaseStore;
import io.capstan.client.leader.LeaderElectionConfig;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerReplica;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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
    try {
      client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(Path.of(props.getApi().getKubeconfig())))).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + props.getApi().getKubeconfig(), e);
    }
    String identity = host() + "_" + UUID.randomUUID();
    Map<String, Object> extra = new HashMap<>(props.getKafka().getProperties());
    BusSettings bus = new BusSettings(props.getKafka().getBootstrapServers(), "scheduler-" + identity, 1, (short) 1, extra);
    SchedulerAssembly assembly =
        new SchedulerAssembly(client, bus, props.getScheduler().settings(), InTreePlugins.registry(), meters);
    SchedulerProperties.Scheduler s = props.getScheduler();
    LeaderElectionConfig cfg = LeaderElectionConfig.of(s.getLeaseNamespace(), s.getLeaseName(), identity)
        .withTimings(s.getLeaseDuration(), s.getRenewDeadline(), s.getRetryPeriod());
    replica = new SchedulerReplica(assembly, cfg, new Fabric8LeaseStore(client, s.getLeaseNamespace(), s.getLeaseName()));
    try {
      replica.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the scheduler's informers synced", e);
    }
    running = true;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "scheduler";
    }
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
