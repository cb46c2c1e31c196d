package io.capstan.nodeagent;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.ApiQuery;
import io.capstan.client.typed.ApiWatchSource;
import io.capstan.client.typed.TypedObjects;
import io.capstan.client.workqueue.QueueConfig;
import io.capstan.client.workqueue.RateLimitingQueue;
import io.capstan.nodeagent.api.ApiAccessReviews;
import io.capstan.nodeagent.api.NodeApiAuthorizer;
import io.capstan.nodeagent.api.NodeApiServer;
import io.capstan.nodeagent.event.ApiPodEvents;
import io.capstan.nodeagent.logs.ContainerLogManager;
import io.capstan.nodeagent.node.HostInfo;
import io.capstan.nodeagent.node.NodeRegistrar;
import io.capstan.nodeagent.objects.WatchingClusterObjects;
import io.capstan.nodeagent.pod.BackOff;
import io.capstan.nodeagent.pod.ContainerSpecs;
import io.capstan.nodeagent.pod.Fabric8ClusterObjects;
import io.capstan.nodeagent.pod.PodDnsConfig;
import io.capstan.nodeagent.pod.PodSyncer;
import io.capstan.nodeagent.pod.RuntimeRelist;
import io.capstan.nodeagent.probe.ProbeManager;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.stats.StatsSummary;
import io.capstan.nodeagent.tls.ClientCas;
import io.capstan.nodeagent.tls.NodeApiTls;
import io.capstan.nodeagent.tls.ServingCertificateRequester;
import io.capstan.nodeagent.tls.ServingCertificateRotation;
import io.capstan.nodeagent.volume.VolumeManager;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: registers the node, renews its lease, and keeps the pods bound to it (an
 * informer on the apiserver's watch with {@code spec.nodeName=<node>}) running in the runtime.
 * Events and relists put {@code namespace/name} keys on a rate-limited queue; workers run
 * {@link PodSyncer#sync}. {@link #start()}/{@link #close()} bound its lifetime; closing leaves
 * the pods running (a restarted agent adopts them).
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  /** How long start waits for the serving certificate to be approved and signed. */
  static final Duration SERVING_CERTIFICATE_WAIT = Duration.ofMinutes(2);
  static final Duration CERTIFICATE_CHECK_EVERY = Duration.ofMinutes(10);
  static final Duration OBJECT_EXPIRY_EVERY = Duration.ofSeconds(30);
  /** Kubelet's relist period: how soon an exited container or a lost sandbox is noticed. */
  static final Duration RUNTIME_RELIST_EVERY = Duration.ofSeconds(1);
  /** The kubelet's {@code containerLogMonitorInterval}: how far past its limit a log may grow. */
  static final Duration CONTAINER_LOG_CHECK_EVERY = Duration.ofSeconds(10);

  private final NodeAgentConfig config;
  private final KubernetesClient client;
  private final ContainerRuntime runtime;
  private final Clock clock = Clock.systemUTC();
  private final RateLimitingQueue<String> queue;
  private final Informer<Pod> pods;
  private final ScheduledExecutorService timers;
  private final ScheduledExecutorService probeThreads;
  private final ExecutorService workers;
  private final ExecutorService terminations;
  private final NodeRegistrar registrar;
  private final PodSyncer syncer;
  private final RuntimeRelist runtimeRelist;
  private final ContainerLogManager containerLogs;
  private final ProbeManager probes;
  private final HostInfo host;
  private final ApiPodEvents events;
  private final WatchingClusterObjects objects;
  private final NodeApiTls tls;
  private final ServingCertificateRotation servingCertificates;
  private NodeApiServer api;

  public NodeAgent(NodeAgentConfig config, KubernetesClient client, ContainerRuntime runtime) {
    this(config, client, runtime, ClientCas.fromClientConfig(client.getConfiguration()));
  }

  /** @param clientCas the CAs whose client certificates the node API accepts (the kubelet's {@code --client-ca-file}) */
  public NodeAgent(NodeAgentConfig config, KubernetesClient client, ContainerRuntime runtime,
      List<X509Certificate> clientCas) {
    this.config = config;
    this.client = client;
    this.runtime = runtime;
    String node = config.nodeName();
    this.queue = RateLimitingQueue.create(QueueConfig.named("node-agent-" + node));
    ApiQuery<Pod> mine = ApiQuery.all(Pod.class).withFields("spec.nodeName=" + node);
    this.pods = Informer.builder("pods@" + node, TypedObjects.<Pod>access())
        .lister(new ApiListSource<>(client, mine))
        .source(new ApiWatchSource<>(client, mine))
        .build();
    this.timers = Executors.newScheduledThreadPool(2, named("node-agent-timer"));
    this.probeThreads = Executors.newScheduledThreadPool(4, named("node-agent-probe"));
    this.workers = Executors.newFixedThreadPool(config.workers(), named("node-agent-sync"));
    this.terminations = Executors.newCachedThreadPool(named("node-agent-terminate"));
    this.host = HostInfo.read(config.stateDir());
    this.registrar = new NodeRegistrar(client, node, host, runtime.name() + "://" + runtime.version(), clock,
        config.maxPods());
    this.objects = WatchingClusterObjects.through(client, new Fabric8ClusterObjects(client), clock);
    this.events = new ApiPodEvents(client, node, clock);
    this.probes = new ProbeManager(runtime, probeThreads, queue::add, events);
    this.syncer = new PodSyncer(runtime, objects, new VolumeManager(config.stateDir(), objects, registrar.allocatable()),
        new ContainerSpecs(objects, registrar.allocatable()), probes,
        new BackOff(config.backOffInitial(), config.backOffMax()), clock, host.internalIp(), terminations, queue::add,
        events)
        .withDns(new PodDnsConfig(config.clusterDns(), config.clusterDomain(), Path.of("/etc/resolv.conf")));
    this.runtimeRelist = new RuntimeRelist(runtime);
    this.containerLogs = new ContainerLogManager(runtime, config.containerLogs(), clock);
    this.tls = new NodeApiTls(clientCas);
    this.servingCertificates = new ServingCertificateRotation(tls,
        new ServingCertificateRequester(client, node, SERVING_CERTIFICATE_WAIT),
        () -> new ServingCertificateRotation.Addresses(Set.of(host.internalIp()), Set.of(node)),
        config.stateDir().resolve("pki"), clock);
  }

  public void start() throws InterruptedException {
    runtime.prepare();
    try {
      api = new NodeApiServer(new InetSocketAddress(host.internalIp(), config.apiPort()), runtime, pods.store()::get,
          new StatsSummary(config.nodeName(), runtime), tls,
          new NodeApiAuthorizer(config.nodeName(), new ApiAccessReviews(client), clock));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the node API on " + host.internalIp() + ":" + config.apiPort(), e);
    }
    registrar.kubeletPort(api.port());
    registrar.register();
    // The approver checks the certificate's SANs against the Node's addresses: register first.
    servingCertificates.ensure();
    api.start();
    timers.scheduleWithFixedDelay(guard("serving certificate", this::renewServingCertificate),
        CERTIFICATE_CHECK_EVERY.toMillis(), CERTIFICATE_CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    registrar.renewLease();
    timers.scheduleWithFixedDelay(guard("lease", registrar::renewLease), config.leaseRenewEvery().toMillis(),
        config.leaseRenewEvery().toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(guard("node status", registrar::updateStatus), config.nodeStatusEvery().toMillis(),
        config.nodeStatusEvery().toMillis(), TimeUnit.MILLISECONDS);
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod p, boolean initialList) {
        queue.add(key(p));
      }

      @Override
      public void onUpdate(Pod old, Pod now) {
        queue.add(key(now));
      }

      @Override
      public void onDelete(Pod last) {
        queue.add(key(last));
      }
    });
    pods.start();
    if (!pods.awaitSynced(Duration.ofSeconds(60))) throw new IllegalStateException("pod informer did not sync");
    for (int i = 0; i < config.workers(); i++) workers.submit(() -> queue.work(this::syncOne));
    timers.scheduleWithFixedDelay(guard("resync", this::resync), 0, config.resyncEvery().toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(guard("runtime relist", this::syncChanged), RUNTIME_RELIST_EVERY.toMillis(),
        RUNTIME_RELIST_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(guard("container log rotation", containerLogs::rotateLogs),
        CONTAINER_LOG_CHECK_EVERY.toMillis(), CONTAINER_LOG_CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(guard("object watch expiry", objects::expireIdle), OBJECT_EXPIRY_EVERY.toMillis(),
        OBJECT_EXPIRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    log.info("node agent {} started ({} runtime {})", config.nodeName(), runtime.name(), runtime.version());
  }

  private void renewServingCertificate() {
    try {
      servingCertificates.renewIfDue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The safety net: every pod again, and runtime sandboxes of pods that are gone. */
  private void resync() {
    for (Pod p : pods.store().list()) queue.add(key(p));
    syncer.removeOrphans(boundUids());
  }

  /** Syncs the pods whose containers or sandbox changed in the runtime since the last listing. */
  private void syncChanged() {
    Set<String> changed = runtimeRelist.changed();
    if (changed.isEmpty()) return;
    for (Pod p : pods.store().list()) if (changed.contains(p.getMetadata().getUid())) queue.add(key(p));
  }

  private Set<String> boundUids() {
    Set<String> uids = new HashSet<>();
    for (Pod p : pods.store().list()) uids.add(p.getMetadata().getUid());
    return uids;
  }

  private void syncOne(String key) {
    try {
      Optional<Pod> pod = pods.store().get(key);
      if (pod.isPresent()) {
        Duration again = syncer.sync(pod.get());
        if (again != null) queue.addAfter(key, again);
      } else {
        // Deleted (or force-deleted) from the API: whatever of it still runs goes now, not at the next resync.
        syncer.removeOrphans(boundUids());
      }
      queue.forget(key);
    } catch (RuntimeException e) {
      log.warn("sync of pod {} failed (retrying): {}", key, e.toString());
      queue.addRateLimited(key);
    }
  }

  private Runnable guard(String what, Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("{} failed: {}", what, e.toString());
      }
    };
  }

  private static String key(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /** The node API's port (see {@link NodeAgentConfig#apiPort()}); valid after {@link #start()}. */
  public int apiPort() {
    return api.port();
  }

  public String nodeName() {
    return config.nodeName();
  }

  /** Stops the agent; pods keep running. */
  @Override
  public void close() {
    if (api != null) api.close();
    timers.shutdownNow();
    pods.close();
    queue.shutDown();
    workers.shutdownNow();
    probes.close();
    probeThreads.shutdownNow();
    terminations.shutdownNow();
    events.close();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    objects.close();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
