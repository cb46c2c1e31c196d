package io.capstan.bench;

import io.capstan.bench.ApiServerVsEtcdBench.Cpu;
import io.capstan.bench.ApiServerVsEtcdBench.Stats;
import io.capstan.testing.ApiServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cost of the two patch dialects kubectl writes with, next to their anchor in the same run: a
 * plain replace. Every client owns one Deployment with {@code bench.containers} (10) containers and
 * changes one container's image per op, three ways:
 *
 * <ul>
 *   <li><b>PUT</b>: the object the previous op returned, with the image changed (optimistic
 *       concurrency on its resourceVersion, as {@code kubectl replace} does);
 *   <li><b>SMP</b>: {@code PATCH application/strategic-merge-patch+json} naming only that
 *       container (the server merges the containers list by name, as for {@code kubectl set image});
 *   <li><b>SSA</b>: {@code PATCH application/apply-patch+yaml?fieldManager=bench&force=true} with
 *       the whole applied configuration, the image changed (as {@code kubectl apply --server-side}).
 * </ul>
 *
 * <p>Each round runs the three kinds back to back, all clients together, the order rotating from
 * round to round. Every response is checked (200, all containers there in order, each with the image
 * the benchmark last gave it) and the run exits 1 on the first mismatch.
 *
 * <p>Settings (system properties): {@code bench.clients} (8), {@code bench.iterations} (200 ops per
 * client per kind per round), {@code bench.rounds} (3), {@code bench.warmup} (50 ops per client per
 * kind, not measured), {@code bench.containers} (10), {@code bench.maxSeconds} (600: the whole run,
 * fixtures included, fails past this).
 *
 * <p>Run with {@code bench/run-patch.sh}; see bench/README.md.
 */
public final class PatchBench {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  private static final int ITERATIONS = Integer.getInteger("bench.iterations", 200);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 50);
  private static final int CONTAINERS = Integer.getInteger("bench.containers", 10);
  private static final int MAX_SECONDS = Integer.getInteger("bench.maxSeconds", 600);

  private static final String NAMESPACE = "patch-bench";
  private static final String SMP = "application/strategic-merge-patch+json";
  private static final String APPLY = "application/apply-patch+yaml";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Instant DEADLINE = Instant.now().plusSeconds(MAX_SECONDS);

  enum Kind { PUT, SMP, SSA }

  private final HttpClient http;
  private final URI base;
  /** Per client: the object its last op returned (the next PUT sends it back, changed). */
  private final ObjectNode[] latest = new ObjectNode[CLIENTS];
  /** Per client and container: the image the benchmark last set. */
  private final String[][] images = new String[CLIENTS][CONTAINERS];
  private final int[] sequence = new int[CLIENTS];
  private final Map<Kind, Cpu> cpu = new EnumMap<>(Kind.class);

  private PatchBench(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  public static void main(String[] args) {
    BenchHarness.main(PatchBench::run);
  }

  private static void run() throws Exception {
    ApiServerVsEtcdBench.check(CLIENTS > 0 && ITERATIONS > 0 && ROUNDS > 0 && WARMUP >= 0 && CONTAINERS > 0,
        "bad settings");
    System.out.printf(Locale.ROOT, "PatchBench: %d clients, one Deployment each with %d containers; %d ops/client/kind"
        + "/round, %d rounds, warmup %d ops/client/kind; %d CPUs, Java %s%n", CLIENTS, CONTAINERS, ITERATIONS, ROUNDS,
        WARMUP, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    long t0 = System.nanoTime();
    ApiServerProcess api = ApiServerProcess.shared();
    System.out.printf(Locale.ROOT, "fixtures up in %.1f s: apiserver %s%n", (System.nanoTime() - t0) / 1e9, api.url());
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(api.adminContext())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    PatchBench bench = new PatchBench(http, api.url());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> {
      Thread t = new Thread(r, "bench-client");
      t.setDaemon(true);
      return t;
    });
    boolean ok = false;
    try {
      bench.setUp();
      // Warm up (not measured): JIT, connection pools, TLS sessions; also proves each kind works.
      if (WARMUP > 0) {
        for (Kind kind : Kind.values()) bench.phase(pool, kind, WARMUP, "warm");
      }
      Map<Kind, Stats> total = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) total.put(k, new Stats());
      for (int round = 0; round < ROUNDS; round++) {
        Map<Kind, Stats> r = new EnumMap<>(Kind.class);
        for (int i = 0; i < Kind.values().length; i++) {
          Kind kind = Kind.values()[(i + round) % Kind.values().length];
          Cpu before = Cpu.now();
          r.put(kind, bench.phase(pool, kind, ITERATIONS, "r" + round));
          bench.cpu.merge(kind, Cpu.now().minus(before), Cpu::plus);
        }
        r.forEach((k, s) -> total.get(k).add(s));
        System.out.printf(Locale.ROOT, "round %d: PUT %.0f ops/s, SMP %.0f ops/s, SSA %.0f ops/s; SMP/PUT %.3f, "
            + "SSA/PUT %.3f%n", round + 1, r.get(Kind.PUT).opsPerSecond(), r.get(Kind.SMP).opsPerSecond(),
            r.get(Kind.SSA).opsPerSecond(), ratio(r, Kind.SMP), ratio(r, Kind.SSA));
      }
      bench.printTable(total);
      System.out.println("verifying final state and cleaning up ...");
      bench.verifyAll();
      bench.deleteNamespace();
      ok = true;
      System.out.println("ok: every PUT, strategic merge patch and apply returned 200 with the expected containers");
    } finally {
      if (!ok) bench.bestEffortDeleteNamespace();
      pool.shutdownNow();
    }
  }

  private static double ratio(Map<Kind, Stats> stats, Kind kind) {
    return stats.get(kind).opsPerSecond() / stats.get(Kind.PUT).opsPerSecond();
  }

  // ---------------------------------------------------------------------------------------------
  // The objects.

  private static String name(int client) {
    return "bench-" + client;
  }

  private static String container(int k) {
    return "c" + k;
  }

  /** The Deployment as the benchmark applies it: labels, selector, {@code CONTAINERS} containers. */
  private ObjectNode manifest(int client) {
    ObjectNode d = JSON.createObjectNode();
    d.put("apiVersion", "apps/v1").put("kind", "Deployment");
    ObjectNode meta = d.putObject("metadata");
    meta.put("name", name(client)).put("namespace", NAMESPACE);
    meta.putObject("labels").put("app", name(client));
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", 1);
    spec.putObject("selector").putObject("matchLabels").put("app", name(client));
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name(client));
    ArrayNode containers = template.putObject("spec").putArray("containers");
    for (int k = 0; k < CONTAINERS; k++) {
      ObjectNode c = containers.addObject();
      c.put("name", container(k)).put("image", images[client][k]);
      c.putArray("ports").addObject().put("containerPort", 8000 + k).put("protocol", "TCP");
      ArrayNode env = c.putArray("env");
      env.addObject().put("name", "INSTANCE").put("value", container(k));
      env.addObject().put("name", "LOG_LEVEL").put("value", "info");
      ObjectNode resources = c.putObject("resources");
      resources.putObject("requests").put("cpu", "10m").put("memory", "16Mi");
      resources.putObject("limits").put("memory", "64Mi");
    }
    return d;
  }

  private void setUp() throws Exception {
    send("create namespace", request(URI.create(base + "/api/v1/namespaces")).POST(json(Map.of(
        "apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", NAMESPACE)))), 201);
    for (int c = 0; c < CLIENTS; c++) {
      for (int k = 0; k < CONTAINERS; k++) images[c][k] = "registry.example/bench/" + container(k) + ":v0";
      HttpResponse<byte[]> r = send("create " + name(c), request(URI.create(collection()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(manifest(c)))), 201);
      latest[c] = expectContainers(r, c, "create");
    }
    System.out.printf(Locale.ROOT, "object: %d B of JSON as the server returns it; SSA sends %d B, SMP ~%d B%n",
        JSON.writeValueAsBytes(latest[0]).length, JSON.writeValueAsBytes(manifest(0)).length,
        smpBody(0, "registry.example/bench/c0:v0").length);
  }

  private String collection() {
    return base + "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments";
  }

  private URI item(int client, String query) {
    return URI.create(collection() + "/" + name(client) + query);
  }

  private static byte[] smpBody(int k, String image) throws Exception {
    return JSON.writeValueAsBytes(Map.of("spec", Map.of("template", Map.of("spec", Map.of(
        "containers", List.of(Map.of("name", container(k), "image", image)))))));
  }

  // ---------------------------------------------------------------------------------------------
  // One op of each kind: change the image of one container, check the whole list that comes back.

  /** Does one op of {@code kind} for {@code client}; returns its latency (request sent to response read). */
  private long op(Kind kind, int client) throws Exception {
    int n = ++sequence[client];
    int k = n % CONTAINERS;
    String image = "registry.example/bench/" + container(k) + ":v" + n;
    images[client][k] = image;
    HttpRequest req = switch (kind) {
      case PUT -> {
        ObjectNode obj = latest[client].deepCopy();
        ((ObjectNode) obj.path("spec").path("template").path("spec").path("containers").get(k)).put("image", image);
        yield request(item(client, "")).PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(obj)))
            .build();
      }
      case SMP -> request(item(client, "")).setHeader("Content-Type", SMP)
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(smpBody(k, image))).build();
      case SSA -> request(item(client, "?fieldManager=bench&force=true")).setHeader("Content-Type", APPLY)
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(manifest(client)))).build();
    };
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    long dt = System.nanoTime() - t0;
    expectStatus(r, 200, kind + " " + name(client) + " #" + n);
    String rv = latest[client].path("metadata").path("resourceVersion").asString();
    latest[client] = expectContainers(r, client, kind + " #" + n);
    ApiServerVsEtcdBench.check(!latest[client].path("metadata").path("resourceVersion").asString().equals(rv),
        kind + " " + name(client) + " #" + n + ": the resourceVersion did not change");
    return dt;
  }

  /** The response's object, after checking it holds every container, in order, with its expected image. */
  private ObjectNode expectContainers(HttpResponse<byte[]> r, int client, String what) {
    JsonNode obj = JSON.readTree(r.body());
    JsonNode containers = obj.path("spec").path("template").path("spec").path("containers");
    List<String> actual = new ArrayList<>();
    for (JsonNode c : containers) actual.add(c.path("name").asString() + "=" + c.path("image").asString());
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < CONTAINERS; k++) expected.add(container(k) + "=" + images[client][k]);
    ApiServerVsEtcdBench.check(actual.equals(expected),
        what + " " + name(client) + ": containers " + actual + ", expected " + expected);
    return (ObjectNode) obj;
  }

  /** {@code CLIENTS} threads released together, each doing {@code perClient} ops of one kind. */
  private Stats phase(ExecutorService pool, Kind kind, int perClient, String tag) throws Exception {
    return BenchHarness.phase(pool, CLIENTS, perClient, kind + " " + tag, DEADLINE, MAX_SECONDS,
        (client, i) -> op(kind, client));
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP.

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
  }

  private HttpResponse<byte[]> send(String what, HttpRequest.Builder req, int status) throws Exception {
    HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    expectStatus(r, status, what);
    return r;
  }

  private static void expectStatus(HttpResponse<byte[]> r, int status, String what) {
    ApiServerVsEtcdBench.check(r.statusCode() == status, what + ": HTTP " + r.statusCode() + " (expected " + status
        + ", Content-Type " + r.headers().firstValue("Content-Type").orElse("-") + "): " + body(r));
  }

  private static String body(HttpResponse<byte[]> r) {
    String s = new String(r.body(), StandardCharsets.UTF_8);
    return s.length() > 600 ? s.substring(0, 600) + "..." : s;
  }

  /** Each Deployment as stored: the expected containers, and the fields the apply manager owns. */
  private void verifyAll() throws Exception {
    for (int c = 0; c < CLIENTS; c++) {
      HttpResponse<byte[]> r = send("get " + name(c), request(item(c, "")).GET(), 200);
      JsonNode obj = expectContainers(r, c, "final get");
      boolean applied = false;
      for (JsonNode m : obj.path("metadata").path("managedFields")) {
        applied |= "bench".equals(m.path("manager").asString()) && "Apply".equals(m.path("operation").asString());
      }
      ApiServerVsEtcdBench.check(applied, "final get " + name(c) + ": no managedFields entry for the apply manager "
          + "bench: " + obj.path("metadata").path("managedFields"));
    }
  }

  private void deleteNamespace() throws Exception {
    HttpResponse<byte[]> r = http.send(request(URI.create(base + "/api/v1/namespaces/" + NAMESPACE)).DELETE().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    ApiServerVsEtcdBench.check(r.statusCode() == 200 || r.statusCode() == 202,
        "delete namespace: HTTP " + r.statusCode() + " " + body(r));
  }

  private void bestEffortDeleteNamespace() {
    try {
      deleteNamespace();
    } catch (Throwable ignored) {
      // The fixtures go away with the JVM anyway.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The table.

  private void printTable(Map<Kind, Stats> stats) {
    Map<Kind, String> labels = new LinkedHashMap<>();
    labels.put(Kind.PUT, "PUT (replace)");
    labels.put(Kind.SMP, "PATCH strategic-merge");
    labels.put(Kind.SSA, "PATCH apply (SSA)");
    Stats put = stats.get(Kind.PUT);
    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %7s %9s %9s %9s | %9s %9s | %s%n",
        "op", "ops", "ops/s", "p50 ms", "p99 ms", "ops/s÷PUT", "p50÷PUT", "CPU/op (apiserver + etcd + client)");
    for (Map.Entry<Kind, String> row : labels.entrySet()) {
      Stats s = stats.get(row.getKey());
      System.out.printf(Locale.ROOT, "%-22s %7d %9.0f %9.2f %9.2f | %9.3f %8.2fx | %s%n",
          row.getValue(), s.ops(), s.opsPerSecond(), s.percentileMillis(50), s.percentileMillis(99),
          s.opsPerSecond() / put.opsPerSecond(), s.percentileMillis(50) / put.percentileMillis(50),
          cpu.get(row.getKey()).perOp(s.ops()));
    }
    System.out.printf(Locale.ROOT, "%nRATIO SMP/PUT throughput: %.3f   SSA/PUT throughput: %.3f "
        + "(PUT %.0f ops/s, SMP %.0f ops/s, SSA %.0f ops/s)%n%n", ratio(stats, Kind.SMP), ratio(stats, Kind.SSA),
        put.opsPerSecond(), stats.get(Kind.SMP).opsPerSecond(), stats.get(Kind.SSA).opsPerSecond());
  }
}
