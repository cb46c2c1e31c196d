package io.capstan.bench;

import io.capstan.bench.ApiServerVsEtcdBench.BenchFailure;
import io.capstan.bench.ApiServerVsEtcdBench.Stats;
import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanRuntime;
import io.capstan.proxy.address.LoopbackAddresses;
import io.capstan.proxy.engine.ProxyMetrics;
import io.capstan.proxy.engine.ProxyRules;
import io.capstan.proxy.engine.ServiceProxy;
import io.capstan.testing.PodmanService;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Service proxy throughput and added latency, against its anchor in the same run with the same
 * client: one real Podman pod (busybox httpd) reached straight at its pod IP, and through a cluster
 * IP that the proxy binds on lo and forwards to that pod. Two workloads: a small GET on a new
 * connection each time (what the proxy adds: an accept, a second connect, two splices), and a
 * 1 MiB GET (bulk bytes through the splice). Sides alternate phase by phase. Needs root (the
 * address on lo) and Podman.
 */
public final class ProxyThroughputBench {
  private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  private static final int SMALL = Integer.getInteger("bench.small", 500);
  private static final int BULK = Integer.getInteger("bench.bulk", 20);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  private static final int MAX_SECONDS = Integer.getInteger("bench.maxSeconds", 600);
  private static final Instant DEADLINE = Instant.now().plusSeconds(MAX_SECONDS);
  private static final int BIG = 1 << 20;

  private ProxyThroughputBench() {}

  public static void main(String[] args) {
    BenchHarness.main(ProxyThroughputBench::run);
  }

  private static void run() throws Exception {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String run = Integer.toString(r.nextInt(1 << 16), 36);
    String net = "10." + (100 + r.nextInt(40)) + "." + r.nextInt(256);
    PodmanService service = PodmanService.shared();
    PodmanRuntime podman = new PodmanRuntime(service.socket(),
        new PodmanRuntime.Network("capstan-bench" + run, "cpb" + run, net + ".0/24", net + ".1"), "bench-" + run);
    podman.prepare();
    String clusterIp = "10.96." + r.nextInt(16, 255) + "." + r.nextInt(2, 255);
    try (ServiceProxy proxy = new ServiceProxy(LoopbackAddresses.onLo("lo:bench" + run),
        new ProxyMetrics(new SimpleMeterRegistry()), ServiceProxy.Settings.defaults())) {
      BusyboxImage.ensure(podman, Path.of("/bin/busybox"), service.stateDir());
      String podIp = startHttpd(podman, run);
      proxy.apply(ProxyRules.compute(List.of(new ServiceBuilder().withNewMetadata().withNamespace("bench")
          .withName("web").endMetadata().withNewSpec().withClusterIP(clusterIp).addNewPort().withName("http")
          .withProtocol("TCP").withPort(80).endPort().endSpec().build()),
          List.of(new EndpointSliceBuilder().withNewMetadata().withNamespace("bench").withName("web-1")
              .addToLabels(ProxyRules.SERVICE_NAME_LABEL, "web").endMetadata().withAddressType("IPv4")
              .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort()
              .addNewEndpoint().withAddresses(podIp).endEndpoint().build()), "127.0.0.1"));
      awaitServing(podIp);
      awaitServing(clusterIp);
      System.out.printf(Locale.ROOT, "pod %s (busybox httpd in Podman), cluster IP %s on lo, %d clients, %d CPUs%n",
          podIp, clusterIp, CLIENTS, Runtime.getRuntime().availableProcessors());
      measure(podIp, clusterIp);
    } finally {
      for (Sandbox sb : podman.listSandboxes()) podman.removeSandbox(sb.id());
      podman.removeNetwork();
    }
  }

  private static String startHttpd(PodmanRuntime podman, String run) {
    String uid = "bench-" + run;
    Sandbox sb = podman.runSandbox(new SandboxSpec("bench-web-" + run, "web", Map.of(Labels.POD_UID, uid,
        Labels.POD_NAME, "web", Labels.POD_NAMESPACE, "bench"), List.of(), List.of(), List.of()));
    String script = "mkdir -p /www && hostname > /www/index.html && head -c " + BIG + " /dev/zero > /www/big"
        + " && exec httpd -f -p 80 -h /www";
    String id = podman.createContainer(sb, new ContainerSpec("httpd", BusyboxImage.REFERENCE, List.of("sh", "-c", script),
        null, Map.of(), null, Map.of(Labels.POD_UID, uid, Labels.CONTAINER_NAME, "httpd"), List.of(), 0, 0, 0, 0, null, 1,
        false, false));
    podman.startContainer(id);
    return sb.ip();
  }

  private static void awaitServing(String ip) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        get(ip, "/");
        return;
      } catch (Exception e) {
        if (System.nanoTime() > until) throw new BenchFailure(ip + ":80 does not serve: " + e);
        Thread.sleep(200);
      }
    }
  }

  private static void measure(String podIp, String clusterIp) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      Map<String, Stats> results = new LinkedHashMap<>();
      for (String k : List.of("small direct", "small proxy", "bulk direct", "bulk proxy")) results.put(k, new Stats());
      // Warm-up: JIT of both paths and the proxy's, not measured.
      phase(pool, "warm direct", SMALL / 5, podIp, "/", -1);
      phase(pool, "warm proxy", SMALL / 5, clusterIp, "/", -1);
      for (int round = 0; round < ROUNDS; round++) {
        boolean directFirst = round % 2 == 0;
        for (String size : List.of("small", "bulk")) {
          String path = size.equals("small") ? "/" : "/big";
          int n = size.equals("small") ? SMALL : BULK;
          int expect = size.equals("small") ? -1 : BIG;
          for (String side : directFirst ? List.of("direct", "proxy") : List.of("proxy", "direct")) {
            String ip = side.equals("direct") ? podIp : clusterIp;
            results.get(size + " " + side).add(phase(pool, size + " " + side + " r" + round, n, ip, path, expect));
          }
          directFirst = !directFirst;
        }
      }
      print(results);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Stats phase(ExecutorService pool, String label, int perClient, String ip, String path, int expect)
      throws Exception {
    return BenchHarness.phase(pool, CLIENTS, perClient, label, DEADLINE, MAX_SECONDS, (c, i) -> {
      long t0 = System.nanoTime();
      int bytes = get(ip, path);
      long t = System.nanoTime() - t0;
      if (expect >= 0 && bytes != expect) throw new BenchFailure(label + ": body of " + bytes + " bytes, wanted " + expect);
      return t;
    });
  }

  /** One HTTP/1.0 GET on a new connection; returns the body's length (and checks the status line). */
  private static int get(String ip, String path) throws Exception {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(ip, 80), 2000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      byte[] head = new byte[512];
      int headLen = 0;
      long total = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (headLen < head.length) {
          int copy = Math.min(n, head.length - headLen);
          System.arraycopy(buf, 0, head, headLen, copy);
          headLen += copy;
        }
        total += n;
      }
      String h = new String(head, 0, headLen, StandardCharsets.ISO_8859_1);
      int end = h.indexOf("\r\n\r\n");
      if (end < 0) throw new BenchFailure("GET " + ip + path + ": no complete response");
      if (!h.startsWith("HTTP/1.0 200") && !h.startsWith("HTTP/1.1 200")) {
        throw new BenchFailure("GET " + ip + path + ": " + h.lines().findFirst().orElse(""));
      }
      return (int) (total - end - 4);
    }
  }

  private static void print(Map<String, Stats> r) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-6s %7s | %27s | %27s | %s%n", "", "", "straight to the pod IP",
        "through the cluster IP", "proxy/direct");
    System.out.printf(Locale.ROOT, "%-6s %7s | %8s %8s %9s | %8s %8s %9s | %8s %8s%n", "load", "reqs",
        "req/s", "p50 ms", "p99 ms", "req/s", "p50 ms", "p99 ms", "req/s", "p99");
    for (String size : List.of("small", "bulk")) {
      Stats d = r.get(size + " direct");
      Stats p = r.get(size + " proxy");
      System.out.printf(Locale.ROOT, "%-6s %7d | %8.0f %8.2f %9.2f | %8.0f %8.2f %9.2f | %8.3f %7.2fx%n", size,
          d.ops(), d.opsPerSecond(), d.percentileMillis(50), d.percentileMillis(99), p.opsPerSecond(),
          p.percentileMillis(50), p.percentileMillis(99), p.opsPerSecond() / d.opsPerSecond(),
          p.percentileMillis(99) / d.percentileMillis(99));
    }
    Stats bd = r.get("bulk direct");
    Stats bp = r.get("bulk proxy");
    System.out.printf(Locale.ROOT, "bulk MiB/s: direct %.0f, proxy %.0f%n", bd.opsPerSecond(), bp.opsPerSecond());
    System.out.printf(Locale.ROOT, "%nRATIO proxy/direct small-request throughput: %.3f (added p50 %.2f ms, p99 %.2f ms)%n%n",
        r.get("small proxy").opsPerSecond() / r.get("small direct").opsPerSecond(),
        r.get("small proxy").percentileMillis(50) - r.get("small direct").percentileMillis(50),
        r.get("small proxy").percentileMillis(99) - r.get("small direct").percentileMillis(99));
  }
}
