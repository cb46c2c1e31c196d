package io.capstan.scheduler.core;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.TypedObjects;
import io.capstan.model.bus.BusTopics;
import io.capstan.scheduler.cache.SchedulerCache;
import io.capstan.scheduler.framework.ClusterWriter;
import io.capstan.scheduler.framework.Framework;
import io.capstan.scheduler.framework.PluginRegistry;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wires a whole scheduler without Spring (the app, tests and the benchmark use it): informers on
 * the pods, nodes, priorityclasses and poddisruptionbudgets topics (LIST through the apiserver), cache, queue,
 * profiles and the loop. {@link #start()} starts the informers; the loop starts with
 * {@link #startScheduling()} (the leader's job).
 */
public final class SchedulerAssembly implements AutoCloseable {
  private final Informer<Pod> pods;
  private final Informer<Node> nodes;
  private final Informer<PriorityClass> priorityClasses;
  private final Informer<PodDisruptionBudget> budgets;
  private final TopicProvisioner topics;
  private final Scheduler scheduler;

  public SchedulerAssembly(KubernetesClient client, BusSettings bus, SchedulerSettings settings, PluginRegistry registry,
      MeterRegistry meters) {
    this(client, bus, settings, registry, meters, new Fabric8ClusterWriter(client));
  }

  public SchedulerAssembly(KubernetesClient client, BusSettings bus, SchedulerSettings settings, PluginRegistry registry,
      MeterRegistry meters, ClusterWriter writer) {
    this(client, bus, settings, registry, meters, writer, ClusterScope.ALL);
  }

  public SchedulerAssembly(KubernetesClient client, BusSettings bus, SchedulerSettings settings, PluginRegistry registry,
      MeterRegistry meters, ClusterWriter writer, ClusterScope scope) {
    this.topics = new TopicProvisioner(bus);
    this.priorityClasses = Informer.builder("scheduler-priorityclasses", TypedObjects.<PriorityClass>access())
        .lister(new ApiListSource<>(client, PriorityClass.class, null))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix("/registry/scheduling.k8s.io/priorityclasses"),
            TypedObjects.decoder(PriorityClass.class)))
        .meters(meters).build();
    this.budgets = Informer.builder("scheduler-poddisruptionbudgets", TypedObjects.<PodDisruptionBudget>access())
        .lister(new ApiListSource<>(client, PodDisruptionBudget.class, null))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix("/registry/policy/poddisruptionbudgets"),
            TypedObjects.decoder(PodDisruptionBudget.class)))
        .meters(meters).build();
    PriorityResolver priorities = new PriorityResolver(n -> priorityClasses.store().get(n).orElse(null),
        () -> priorityClasses.store().list());
    Map<String, Framework> profiles = new LinkedHashMap<>();
    for (ProfileSpec spec : settings.profiles()) {
      profiles.put(spec.schedulerName(), new Framework(spec, registry, writer, priorities::priority,
          () -> budgets.store().list()));
    }
    Framework first = profiles.values().iterator().next();
    SchedulingQueue queue = new SchedulingQueue(first.queueSort(),
        p -> profiles.getOrDefault(Scheduler.schedulerName(p.pod()), first).runPreEnqueue(p.pod()),
        System::currentTimeMillis, settings.podInitialBackoff(), settings.podMaxBackoff(), settings.podMaxInUnschedulable());
    queue.registerMetrics(meters);
    SchedulerCache cache = new SchedulerCache(System::currentTimeMillis, Duration.ofSeconds(30));
    this.scheduler = new Scheduler(profiles, queue, cache, writer, new SchedulerMetrics(meters), settings.parallelism(),
        settings.percentageOfNodesToScore(), settings.binderThreads());
    ClusterEventHandlers handlers = new ClusterEventHandlers(scheduler, priorities, scope);
    this.nodes = Informer.builder("scheduler-nodes", TypedObjects.<Node>access())
        .lister(new ApiListSource<>(client, Node.class, null))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix("/registry/nodes"), TypedObjects.decoder(Node.class)))
        .meters(meters).build();
    this.pods = Informer.builder("scheduler-pods", TypedObjects.<Pod>access())
        .lister(new ApiListSource<>(client, Pod.class, null))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix("/registry/pods"), TypedObjects.decoder(Pod.class)))
        .meters(meters).build();
    nodes.addEventHandler(handlers.nodes());
    pods.addEventHandler(handlers.pods());
  }

  /** Starts the informers and waits until each has listed. */
  public void start() throws InterruptedException {
    priorityClasses.start();
    budgets.start();
    nodes.start();
    pods.start();
    for (Informer<?> i : new Informer<?>[] {priorityClasses, budgets, nodes, pods}) {
      if (!i.awaitSynced(Duration.ofSeconds(60))) throw new IllegalStateException("informer " + i.name() + " did not sync");
    }
  }

  public void startScheduling() {
    scheduler.start();
  }

  public void stopScheduling() throws InterruptedException {
    scheduler.stop();
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * The PodDisruptionBudgets as preemption sees them: this scheduler's informer cache, which may
   * lag the apiserver (tests wait on it, as Kubernetes' preemption tests wait on the scheduler's
   * PDB lister, before they create the preemptor).
   */
  public List<PodDisruptionBudget> podDisruptionBudgets() {
    return budgets.store().list();
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.close();
    pods.close();
    nodes.close();
    priorityClasses.close();
    budgets.close();
    topics.close();
  }
}
