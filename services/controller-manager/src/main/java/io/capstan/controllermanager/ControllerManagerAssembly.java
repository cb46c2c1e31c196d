package io.capstan.controllermanager;

import io.capstan.client.bus.BusSettings;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerAccounts;
import io.capstan.controllermanager.framework.ControllerClients;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.EventRecorder;
import io.capstan.controllermanager.framework.Fabric8ApiWriter;
import io.capstan.controllermanager.framework.SharedInformers;
import io.capstan.controllermanager.cronjob.CronJobReconciler;
import io.capstan.controllermanager.daemonset.DaemonSetReconciler;
import io.capstan.controllermanager.deployment.DeploymentReconciler;
import io.capstan.controllermanager.disruption.DisruptionReconciler;
import io.capstan.controllermanager.endpoints.EndpointSliceReconciler;
import io.capstan.controllermanager.endpoints.EndpointsReconciler;
import io.capstan.controllermanager.garbagecollector.GarbageCollectorReconciler;
import io.capstan.controllermanager.job.JobReconciler;
import io.capstan.controllermanager.ttlafterfinished.TtlAfterFinishedReconciler;
import io.capstan.controllermanager.namespace.Fabric8NamespaceContent;
import io.capstan.controllermanager.namespace.NamespaceReconciler;
import io.capstan.controllermanager.nodelifecycle.NodeLifecycleReconciler;
import io.capstan.controllermanager.tainteviction.TaintEvictionReconciler;
import io.capstan.controllermanager.serviceaccount.RootCaPublisherReconciler;
import io.capstan.controllermanager.serviceaccount.ServiceAccountReconciler;
import io.capstan.controllermanager.servicelb.ServiceLoadBalancerReconciler;
import io.capstan.controllermanager.podgc.PodGcReconciler;
import io.capstan.controllermanager.replicaset.ReplicaSetReconciler;
import io.capstan.controllermanager.replicationcontroller.ReplicationControllerController;
import io.capstan.controllermanager.statefulset.StatefulSetReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the controller manager without Spring (the app, e2e tests and the benchmark use it):
 * shared informers, one {@link Controller} per enabled controller. {@link #start()} starts the
 * informers; {@link #startControllers()} starts the workers (the leader's job).
 */
public final class ControllerManagerAssembly implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerManagerAssembly.class);

  private final SharedInformers informers;
  private final EventRecorder events;
  private final ControllerClients clients;
  private final ExecutorService writes;
  private final List<Controller> controllers = new ArrayList<>();

  /** Every controller writes with {@code client} (tests, benchmarks: no per-controller identities). */
  public ControllerManagerAssembly(KubernetesClient client, BusSettings bus, ControllerManagerSettings settings,
      MeterRegistry meters) {
    this(client, ControllerClients.shared(client), bus, settings, meters);
  }

  /**
   * @param client the controller manager's own identity: the shared informers read with it
   * @param clients each controller's writes go through the client of its service account
   */
  public ControllerManagerAssembly(KubernetesClient client, ControllerClients clients, BusSettings bus,
      ControllerManagerSettings settings, MeterRegistry meters) {
    this.informers = new SharedInformers(client, bus, meters);
    this.clients = clients;
    this.events = new EventRecorder(new Fabric8ApiWriter(client), "controller-manager");
    AtomicInteger n = new AtomicInteger();
    this.writes = Executors.newFixedThreadPool(settings.writeThreads(), r -> {
      Thread t = new Thread(r, "controller-writes-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ControllerContext ctx = new ControllerContext(informers, null, null, writes, meters, Clock.systemUTC(),
        settings.workers(), settings.namespaceScope());
    add(settings, ReplicaSetReconciler.NAME, ctx, ReplicaSetReconciler::create);
    add(settings, ReplicationControllerController.NAME, ctx, ReplicationControllerController::create);
    add(settings, DeploymentReconciler.NAME, ctx, DeploymentReconciler::create);
    add(settings, DaemonSetReconciler.NAME, ctx, DaemonSetReconciler::create);
    add(settings, StatefulSetReconciler.NAME, ctx, StatefulSetReconciler::create);
    add(settings, JobReconciler.NAME, ctx, JobReconciler::create);
    add(settings, CronJobReconciler.NAME, ctx, CronJobReconciler::create);
    add(settings, TtlAfterFinishedReconciler.NAME, ctx, TtlAfterFinishedReconciler::create);
    add(settings, GarbageCollectorReconciler.NAME, ctx, GarbageCollectorReconciler::create);
    add(settings, NamespaceReconciler.NAME, ctx, c -> NamespaceReconciler.create(c,
        new Fabric8NamespaceContent(clients.forAccount(ControllerAccounts.of(NamespaceReconciler.NAME)))));
    add(settings, NodeLifecycleReconciler.NAME, ctx, c -> NodeLifecycleReconciler.create(c, settings.nodeLifecycle()));
    add(settings, TaintEvictionReconciler.NAME, ctx,
        c -> TaintEvictionReconciler.create(c, settings.nodeLifecycle().nodeScope()));
    add(settings, PodGcReconciler.NAME, ctx, c -> PodGcReconciler.create(c, settings.terminatedPodGcThreshold()));
    add(settings, ServiceAccountReconciler.NAME, ctx, ServiceAccountReconciler::create);
    add(settings, EndpointsReconciler.NAME, ctx, EndpointsReconciler::create);
    add(settings, EndpointSliceReconciler.NAME, ctx, EndpointSliceReconciler::create);
    add(settings, DisruptionReconciler.NAME, ctx, DisruptionReconciler::create);
    add(settings, ServiceLoadBalancerReconciler.NAME, ctx,
        c -> ServiceLoadBalancerReconciler.create(c, settings.nodeLifecycle().nodeScope()));
    if (settings.rootCaPem() != null) {
      add(settings, RootCaPublisherReconciler.NAME, ctx, c -> RootCaPublisherReconciler.create(c, settings.rootCaPem()));
    }
  }

  /** Builds the controller when enabled, writing (and recording events) as its own service account. */
  private void add(ControllerManagerSettings settings, String name, ControllerContext shared,
      Function<ControllerContext, Controller> factory) {
    if (!settings.enabled(name)) return;
    ApiWriter writer = new Fabric8ApiWriter(clients.forAccount(ControllerAccounts.of(name)));
    controllers.add(factory.apply(new ControllerContext(shared.informers(), writer, events.writingWith(writer),
        shared.writes(), shared.meters(), shared.clock(), shared.workers(), shared.namespaceScope())));
  }

  public List<Controller> controllers() {
    return List.copyOf(controllers);
  }

  /** Starts the informers and waits until each has listed. */
  public void start() throws InterruptedException {
    informers.start(Duration.ofSeconds(60));
  }

  public void startControllers() {
    for (Controller c : controllers) c.start();
    log.info("controllers started: {}", controllers.stream().map(Controller::name).toList());
  }

  public void stopControllers() throws InterruptedException {
    for (Controller c : controllers) c.stop();
  }

  @Override
  public void close() throws InterruptedException {
    stopControllers();
    informers.close();
    events.close();
    writes.shutdownNow();
    clients.close();
  }
}
