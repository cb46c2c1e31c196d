package io.capstan.bench;

import io.capstan.client.bus.BusSettings;
import io.capstan.controllermanager.ControllerManagerAssembly;
import io.capstan.controllermanager.ControllerManagerSettings;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerSettings;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
 * Reconcile throughput (issue 8's benchmark): a Deployment scaled 0 → {@code bench.replicas} on
 * {@code bench.nodes} simulated nodes, with the controller manager and the scheduler in this
 * JVM. Measured: time until the Deployment's status counts every pod (the ReplicaSet controller
 * created them all and saw them), and until the scheduler has bound every one. No node agent is
 * merged, so pods never run: "bound" stands in for "Running". Anchor: the time
 * {@code bench.clients} client threads need to create the same number of pods directly, in the
 * same run; ratio = controller time / direct time (controller overhead).
 */
public final class ReconcileThroughputBench {
  public static void main(String[] args) {
    BenchHarness.main(ReconcileThroughputBench::run);
  }

  private static void run() throws Exception {
    int replicas = Integer.getInteger("bench.replicas", 3000);
    int nodes = Integer.getInteger("bench.nodes", 300);
    int clients = Integer.getInteger("bench.clients", 16);
    ApiServerProcess api = ApiServerProcess.shared();
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(api.kubeconfig()))).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    for (String ns : List.of("bench-direct", "bench-deploy")) {
      Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build();
      client.namespaces().resource(n).create();
    }
    parallel(pool, clients, nodes, i -> {
      Map<String, Quantity> cap = Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"), "pods", new Quantity("110"));
      Node n = new NodeBuilder().withNewMetadata().withName("rbench-node-" + i)
          .addToLabels("kubernetes.io/hostname", "rbench-node-" + i).endMetadata()
          .withNewStatus().withCapacity(cap).withAllocatable(cap).endStatus().build();
      Node created = client.nodes().resource(n).create();
      created.setStatus(n.getStatus());
      return client.nodes().resource(created).updateStatus();
    });

    // Anchor: the same pods created directly (for a scheduler nobody runs, so nothing else moves).
    long a0 = System.nanoTime();
    parallel(pool, clients, replicas, i -> client.pods().inNamespace("bench-direct").resource(new PodBuilder()
        .withNewMetadata().withName("direct-" + i).addToLabels("app", "direct").endMetadata()
        .withNewSpec().withSchedulerName("nobody").addNewContainer().withName("c").withImage("busybox").endContainer()
        .endSpec().build()).create());
    double direct = (System.nanoTime() - a0) / 1e9;

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String bootstrap = KafkaProcess.shared().bootstrapServers();
    ControllerManagerSettings cms = ControllerManagerSettings.defaults()
        .withControllers(List.of("replicaset", "deployment", "garbagecollector")).withNamespaceScope("bench-deploy"::equals);
    SchedulerSettings ss = new SchedulerSettings(List.of(ProfileSpec.defaults("bench-scheduler")), 0, 4, 16,
        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));
    try (ControllerManagerAssembly cm = new ControllerManagerAssembly(client, BusSettings.local(bootstrap, "rbench-cm"), cms, meters);
        SchedulerAssembly scheduler = new SchedulerAssembly(client, BusSettings.local(bootstrap, "rbench-sched"), ss,
            InTreePlugins.registry(), meters)) {
      cm.start();
      cm.startControllers();
      scheduler.start();
      scheduler.startScheduling();
      Deployment d = client.apps().deployments().inNamespace("bench-deploy").resource(new DeploymentBuilder()
          .withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(0)
          .withNewSelector().addToMatchLabels("app", "web").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
          .withSchedulerName("bench-scheduler").addNewContainer().withName("c").withImage("busybox")
          .withNewResources().addToRequests("cpu", new Quantity("10m")).endResources().endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      waitFor("replica set", Duration.ofMinutes(1), () -> !client.apps().replicaSets().inNamespace("bench-deploy").list()
          .getItems().isEmpty());
      long s0 = System.nanoTime();
      client.apps().deployments().inNamespace("bench-deploy").withName(d.getMetadata().getName()).scale(replicas);
      waitFor("all pods counted", Duration.ofMinutes(10), () -> {
        Deployment now = client.apps().deployments().inNamespace("bench-deploy").withName("web").get();
        return now.getStatus() != null && now.getStatus().getReplicas() != null && now.getStatus().getReplicas() == replicas;
      });
      double created = (System.nanoTime() - s0) / 1e9;
      waitFor("all pods bound", Duration.ofMinutes(10), () -> client.pods().inNamespace("bench-deploy").list().getItems()
          .stream().filter(p -> p.getSpec().getNodeName() != null).count() == replicas);
      double bound = (System.nanoTime() - s0) / 1e9;
      System.out.printf("%-10s %6s %12s %14s %12s %12s %8s%n", "replicas", "nodes", "direct", "controller", "bound",
          "pods/s", "ratio");
      System.out.printf("%-10d %6d %10.2f s %12.2f s %10.2f s %12.0f %8.2f%n", replicas, nodes, direct, created, bound,
          replicas / created, created / direct);
      System.out.printf("apiserver writes sustained by the controllers: %.0f pod creates/s (direct: %.0f/s)%n",
          replicas / created, replicas / direct);
    } finally {
      pool.shutdownNow();
      client.close();
    }
  }

  private interface Check {
    boolean done() throws Exception;
  }

  private static void waitFor(String what, Duration max, Check check) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!check.done()) {
      if (System.nanoTime() > deadline) throw new ApiServerVsEtcdBench.BenchFailure("timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  private static void parallel(ExecutorService pool, int clients, int count, IntFunction<Object> op) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      fs.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) op.apply(i);
        return null;
      }));
    }
    for (Future<?> f : fs) f.get();
  }
}
