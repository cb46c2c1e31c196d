package io.capstan.bench;

import io.capstan.client.bus.BusSettings;
import io.capstan.scheduler.core.Fabric8ClusterWriter;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerSettings;
import io.capstan.scheduler.framework.ClusterWriter;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Kubernetes scheduler_perf "SchedulingBasic"-like throughput: Node objects created through the
 * API, then pods created through the API by {@code bench.clients} threads while the scheduler
 * binds them. Anchor: the time the apiserver needs just to create the same number of pods (for a
 * scheduler name nobody serves), in the same run. Variants: basic, required pod anti-affinity
 * (hostname), topology spread (zone, maxSkew 1); each runs under a profile of its own, so its
 * attempt latencies are its own.
 */
public final class SchedulerThroughputBench {
  private static final String PROFILE = "bench-scheduler";
  private static final List<String> VARIANTS = List.of("basic", "anti-affinity", "topology-spread");

  public static void main(String[] args) {
    BenchHarness.main(SchedulerThroughputBench::run);
  }

  private static void run() throws Exception {
    int nodes = Integer.getInteger("bench.nodes", 5000);
    int pods = Integer.getInteger("bench.pods", 10000);
    int variantPods = Integer.getInteger("bench.variantPods", 5000);
    int clients = Integer.getInteger("bench.clients", 16);
    ApiServerProcess api = ApiServerProcess.shared();
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(api.kubeconfig()))).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    parallel(pool, nodes, i -> {
      Map<String, Quantity> cap = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"), "pods", new Quantity("110"));
      Node n = new NodeBuilder().withNewMetadata().withName("bench-node-" + i)
          .addToLabels("kubernetes.io/hostname", "bench-node-" + i).addToLabels("topology.kubernetes.io/zone", "zone-" + (i % 10))
          .endMetadata().withNewStatus().withCapacity(cap).withAllocatable(cap).endStatus().build();
      Node created = client.nodes().resource(n).create();
      created.setStatus(n.getStatus());
      client.nodes().resource(created).updateStatus();
      return null;
    });
    System.out.printf("created %d nodes in %.1f s (load average %s)%n", nodes, (System.nanoTime() - t0) / 1e9,
        loadAverage());
    if (variantPods != pods) {
      System.out.printf("the anti-affinity and topology-spread variants schedule %d pods, not %d (bench.variantPods)%n",
          variantPods, pods);
    }

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        // Percentiles over every attempt of the run, not the default two-minute window.
        return id.getName().startsWith("scheduler_scheduling_attempt")
            ? DistributionStatisticConfig.builder().percentiles(0.5, 0.99).expiry(Duration.ofHours(2)).bufferLength(1)
                .build().merge(config) : config;
      }
    });
    AtomicInteger bound = new AtomicInteger();
    ClusterWriter real = new Fabric8ClusterWriter(client);
    ClusterWriter counting = new ClusterWriter() {
      @Override
      public void bind(Pod pod, String nodeName) {
        real.bind(pod, nodeName);
        bound.incrementAndGet();
      }

      @Override
      public void markUnschedulable(Pod pod, String message, String nominatedNode) {
        real.markUnschedulable(pod, message, nominatedNode);
      }

      @Override
      public void deletePod(Pod victim) {
        real.deletePod(victim);
      }

      @Override
      public void event(Pod pod, String component, String type, String reason, String action, String message) {
        real.event(pod, component, type, reason, action, message);
      }
    };
    List<ProfileSpec> profiles = VARIANTS.stream().map(v -> ProfileSpec.defaults(profile(v))).toList();
    SchedulerSettings settings = new SchedulerSettings(profiles, 0, 2, 16,
        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));
    try (SchedulerAssembly scheduler = new SchedulerAssembly(client, BusSettings.local(KafkaProcess.shared().bootstrapServers(),
        "bench-scheduler"), settings, InTreePlugins.registry(), meters, counting)) {
      scheduler.start();
      scheduler.startScheduling();
      System.out.printf("%-16s %6s %12s %12s %10s %12s %8s%n", "variant", "pods", "create-only", "scheduled", "pods/s",
          "p99 attempt", "ratio");
      variant("basic", pods, client, pool, bound, meters, i -> plain(i, "basic"));
      variant("anti-affinity", variantPods, client, pool, bound, meters, i -> antiAffinity(i));
      variant("topology-spread", variantPods, client, pool, bound, meters, i -> spread(i));
    } finally {
      pool.shutdownNow();
      client.close();
    }
  }

  private static String profile(String variant) {
    return PROFILE + "-" + variant;
  }

  private static String loadAverage() {
    try {
      return Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static PodBuilder plain(int i, String variant) {
    return new PodBuilder().withNewMetadata().withName("p-" + i).addToLabels("app", "bench").endMetadata()
        .withNewSpec().withSchedulerName(profile(variant)).addNewContainer().withName("c").withImage("registry.k8s.io/pause:3.10")
        .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi"))
        .endResources().endContainer().endSpec();
  }

  private static PodBuilder antiAffinity(int i) {
    return plain(i, "anti-affinity").editMetadata().addToLabels("color", "c" + (i % 4)).endMetadata().editSpec().withNewAffinity()
        .withNewPodAntiAffinity().addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
            .withTopologyKey("kubernetes.io/hostname")
            .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("color", "c" + (i % 4)).build()).build())
        .endPodAntiAffinity().endAffinity().endSpec();
  }

  private static PodBuilder spread(int i) {
    return plain(i, "topology-spread").editSpec().addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
        .withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("DoNotSchedule")
        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "bench").build()).build()).endSpec();
  }

  private static void variant(String name, int count, KubernetesClient client, ExecutorService pool, AtomicInteger bound,
      SimpleMeterRegistry meters, IntFunction<PodBuilder> pod) throws Exception {
    String anchorNs = "bench-anchor-" + name;
    String runNs = "bench-run-" + name;
    for (String ns : List.of(anchorNs, runNs)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    long a0 = System.nanoTime();
    parallel(pool, count, i -> client.pods().inNamespace(anchorNs).resource(pod.apply(i).editSpec()
        .withSchedulerName("nobody").endSpec().build()).create());
    double createOnly = (System.nanoTime() - a0) / 1e9;

    Timer before = meters.find("scheduler_scheduling_attempt_duration_seconds").tag("result", "scheduled")
        .tag("profile", profile(name)).timer();
    long attemptsBefore = before == null ? 0 : before.count();
    int boundBefore = bound.get();
    long s0 = System.nanoTime();
    parallel(pool, count, i -> client.pods().inNamespace(runNs).resource(pod.apply(i).build()).create());
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (bound.get() - boundBefore < count) {
      if (System.nanoTime() > deadline) {
        throw new ApiServerVsEtcdBench.BenchFailure(name + ": only " + (bound.get() - boundBefore) + "/" + count + " pods bound in 10 min");
      }
      Thread.sleep(5);
    }
    double scheduled = (System.nanoTime() - s0) / 1e9;
    Timer t = meters.find("scheduler_scheduling_attempt_duration_seconds").tag("result", "scheduled")
        .tag("profile", profile(name)).timer();
    double p99 = Double.NaN;
    for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) if (v.percentile() == 0.99) p99 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
    System.out.printf("%-16s %6d %10.2f s %10.2f s %10.0f %9.2f ms %8.2f   (load average %s)%n", name, count, createOnly,
        scheduled, count / scheduled, p99, scheduled / createOnly, loadAverage());
    if (t.count() - attemptsBefore < count) throw new ApiServerVsEtcdBench.BenchFailure(name + ": fewer attempts than pods");
  }

  private static void parallel(ExecutorService pool, int count, IntFunction<Object> op) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < 16; c++) {
      fs.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) op.apply(i);
        return null;
      }));
    }
    for (Future<?> f : fs) f.get();
  }
}
