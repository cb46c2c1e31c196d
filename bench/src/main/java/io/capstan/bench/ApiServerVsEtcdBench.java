package io.capstan.bench;

import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Create, get and update of small ConfigMaps through the API server (HTTPS, N concurrent clients)
 * against its anchor measured in the same run: the same operations done with raw jetcd on the same
 * etcd, with the same JSON bytes, under a separate key prefix.
 *
 * <p>Each round runs three phases per system, one per operation kind, so that every kind has its
 * own throughput: all clients create their objects, then all get them, then all update them (the
 * update sends back the object the get returned, with changed data). Each phase runs on both
 * systems back to back, the one going first alternating from phase to phase and round to round. Every response is checked (201 / 200 / 200 with the right
 * data and resourceVersion; txn succeeded, bytes and mod_revision as written) and the run fails
 * with exit code 1 on the first mismatch.
 *
 * <p>Settings (system properties): {@code bench.clients} (16), {@code bench.iterations} (300
 * objects per client per round), {@code bench.rounds} (2), {@code bench.warmup} (100 objects per
 * client, not measured), {@code bench.dataBytes} (200), {@code bench.maxSeconds} (600: the whole
 * run, fixtures included, fails past this).
 *
 * <p>Run with {@code bench/run.sh}; see bench/README.md.
 */
public final class ApiServerVsEtcdBench {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  private static final int ITERATIONS = Integer.getInteger("bench.iterations", 300);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
  private static final int DATA_BYTES = Integer.getInteger("bench.dataBytes", 200);
  private static final int MAX_SECONDS = Integer.getInteger("bench.maxSeconds", 600);

  private static final String NAMESPACE = "bench";
  private static final String ANCHOR_PREFIX = "/capstan-bench-anchor/configmaps/" + NAMESPACE + "/";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final Instant DEADLINE = Instant.now().plusSeconds(MAX_SECONDS);

  enum Kind { CREATE, GET, UPDATE }

  /** A failed check: the benchmark stops and exits 1. */
  static final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
      super(message);
    }
  }

  /** One system under measurement. Each method does one call, checks it and returns its latency. */
  interface Target {
    String label();

    long create(int client, int i, String name) throws Exception;

    long get(int client, int i, String name) throws Exception;

    long update(int client, int i, String name) throws Exception;

    /** Keeps per-object state (resourceVersion, fetched object) for {@code clients × perClient} objects. */
    void prepare(int clients, int perClient);
  }

  public static void main(String[] args) {
    BenchHarness.main(ApiServerVsEtcdBench::run);
  }

  private static void run() throws Exception {
    check(CLIENTS > 0 && ITERATIONS > 0 && ROUNDS > 0 && WARMUP >= 0, "bad settings");
    System.out.printf(Locale.ROOT, "ApiServerVsEtcdBench: %d clients, %d objects/client/round, %d rounds, "
        + "warmup %d objects/client, ~%d B of ConfigMap data; %d CPUs, Java %s%n",
        CLIENTS, ITERATIONS, ROUNDS, WARMUP, DATA_BYTES, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    long t0 = System.nanoTime();
    ApiServerProcess api = ApiServerProcess.shared();
    EtcdProcess etcd = EtcdProcess.shared();
    System.out.printf(Locale.ROOT, "fixtures up in %.1f s: apiserver %s, etcd %s%n",
        (System.nanoTime() - t0) / 1e9, api.url(), etcd.endpoint());

    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(api.adminContext())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    ApiServerTarget apiTarget = new ApiServerTarget(http, api.url());
    Client jetcd = Client.builder().endpoints(etcd.endpoint()).build();
    EtcdTarget etcdTarget = new EtcdTarget(jetcd.getKVClient());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> {
      Thread t = new Thread(r, "bench-client");
      t.setDaemon(true);
      return t;
    });
    boolean ok = false;
    try {
      apiTarget.createNamespace();
      byte[] sample = configMapJson("sample-name-0000", 0);
      System.out.printf(Locale.ROOT, "payload: %d B JSON per create (the same bytes go to etcd in the anchor)%n",
          sample.length);

      // Warm up both (not measured): JIT, connection pools, TLS sessions, etcd's first writes.
      if (WARMUP > 0) runRound(pool, List.of(apiTarget, etcdTarget), "warm", 0);
      System.out.printf(Locale.ROOT, "apiserver stores %d B for such an object (as returned by GET)%n",
          apiTarget.lastGetBytes);

      Map<Kind, Stats> apiStats = new EnumMap<>(Kind.class);
      Map<Kind, Stats> etcdStats = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        apiStats.put(k, new Stats());
        etcdStats.put(k, new Stats());
      }
      for (int round = 0; round < ROUNDS; round++) {
        Map<Target, Map<Kind, Stats>> r = runRound(pool, List.of(apiTarget, etcdTarget), "r" + round, round);
        r.get(apiTarget).forEach((k, st) -> apiStats.get(k).add(st));
        r.get(etcdTarget).forEach((k, st) -> etcdStats.get(k).add(st));
        double a = Stats.merge(r.get(apiTarget).values()).opsPerSecond();
        double e = Stats.merge(r.get(etcdTarget).values()).opsPerSecond();
        System.out.printf(Locale.ROOT, "round %d: apiserver %.0f ops/s, etcd %.0f ops/s, ratio %.3f%n",
            round + 1, a, e, a / e);
      }
      printTable(apiStats, etcdStats);

      System.out.println("verifying final state and cleaning up ...");
      apiTarget.verifyAndDeleteAll(pool);
      etcdTarget.verifyAndDeleteAll();
      apiTarget.deleteNamespace();
      ok = true;
      System.out.println("ok: every create returned 201, every get the object, every update 200; cleaned up");
    } finally {
      if (!ok) apiTarget.bestEffortDeleteNamespace();
      pool.shutdownNow();
      jetcd.close();
    }
  }

  /**
   * CPU time of the three processes sharing the machine: the API server JVM, etcd, and this JVM
   * (the clients). Read from /proc through ProcessHandle; the fixtures are this JVM's children.
   */
  record Cpu(long apiserver, long etcd, long bench) {
    static Cpu now() {
      long api = 0;
      long etcd = 0;
      for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
        ProcessHandle.Info info = p.info();
        long cpu = info.totalCpuDuration().map(Duration::toNanos).orElse(0L);
        String cmd = info.command().orElse("");
        String argv = String.join(" ", info.arguments().orElse(new String[0]));
        if (cmd.endsWith("/etcd")) etcd += cpu;
        else if (argv.contains("apiserver-") && argv.contains("-exec.jar")) api += cpu;
      }
      long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      return new Cpu(api, etcd, self);
    }

    Cpu minus(Cpu o) {
      return new Cpu(apiserver - o.apiserver, etcd - o.etcd, bench - o.bench);
    }

    Cpu plus(Cpu o) {
      return new Cpu(apiserver + o.apiserver, etcd + o.etcd, bench + o.bench);
    }

    String perOp(int ops) {
      return String.format(Locale.ROOT, "apiserver %.3f + etcd %.3f + bench client %.3f = %.3f ms CPU/op",
          apiserver / 1e6 / ops, etcd / 1e6 / ops, bench / 1e6 / ops, (apiserver + etcd + bench) / 1e6 / ops);
    }
  }

  private static final Map<String, Cpu> CPU_USED = new java.util.HashMap<>();

  /**
   * Creates, then gets, then updates {@code ITERATIONS} (or {@code WARMUP}) objects per client on
   * each target. Each kind runs on one target, then the other, in an order that alternates from
   * kind to kind and round to round (api-etcd, etcd-api, api-etcd; then the reverse), so that load
   * drifting on the machine hits both about equally.
   */
  private static Map<Target, Map<Kind, Stats>> runRound(ExecutorService pool, List<Target> targets, String tag,
      int round) throws Exception {
    int perClient = tag.equals("warm") ? WARMUP : ITERATIONS;
    String[][] names = new String[CLIENTS][perClient];
    for (int c = 0; c < CLIENTS; c++) {
      for (int i = 0; i < perClient; i++) names[c][i] = "cm-" + tag + "-c" + c + "-" + i;
    }
    Map<Target, Map<Kind, Stats>> out = new java.util.LinkedHashMap<>();
    for (Target t : targets) {
      t.prepare(CLIENTS, perClient);
      out.put(t, new EnumMap<>(Kind.class));
    }
    for (Kind kind : Kind.values()) {
      List<Target> order = new ArrayList<>(targets);
      if ((kind.ordinal() + round) % 2 == 1) java.util.Collections.reverse(order);
      for (Target t : order) {
        BenchHarness.TimedOp op = switch (kind) {
          case CREATE -> (c, i) -> t.create(c, i, names[c][i]);
          case GET -> (c, i) -> t.get(c, i, names[c][i]);
          case UPDATE -> (c, i) -> t.update(c, i, names[c][i]);
        };
        Cpu before = Cpu.now();
        out.get(t).put(kind, phase(pool, t.label() + " " + kind.name().toLowerCase(Locale.ROOT) + " " + tag,
            perClient, op));
        if (!tag.equals("warm")) CPU_USED.merge(t.label(), Cpu.now().minus(before), Cpu::plus);
      }
    }
    for (Target t : targets) {
      if (t instanceof ApiServerTarget a) a.remember(names);
      if (t instanceof EtcdTarget e) e.remember(names);
    }
    return out;
  }

  /** {@code CLIENTS} threads, released together, each doing {@code perClient} ops. */
  private static Stats phase(ExecutorService pool, String label, int perClient, BenchHarness.TimedOp op) throws Exception {
    return BenchHarness.phase(pool, CLIENTS, perClient, label, DEADLINE, MAX_SECONDS, op);
  }

  // ---------------------------------------------------------------------------------------------
  // The API server over HTTPS.

  static final class ApiServerTarget implements Target {
    private final HttpClient http;
    private final URI base;
    private final List<String> created = new ArrayList<>();
    private String[][] resourceVersions;
    private ObjectNode[][] fetched;
    volatile int lastGetBytes;

    ApiServerTarget(HttpClient http, URI base) {
      this.http = http;
      this.base = base;
    }

    @Override
    public String label() {
      return "apiserver";
    }

    @Override
    public void prepare(int clients, int perClient) {
      resourceVersions = new String[clients][perClient];
      fetched = new ObjectNode[clients][perClient];
    }

    void remember(String[][] names) {
      for (String[] row : names) created.addAll(Arrays.asList(row));
    }

    private URI collection() {
      return base.resolve("/api/v1/namespaces/" + NAMESPACE + "/configmaps");
    }

    private URI item(String name) {
      return base.resolve("/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + name);
    }

    private HttpRequest.Builder request(URI uri) {
      return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
          .header("Accept", "application/json")
          .header("Content-Type", "application/json");
    }

    @Override
    public long create(int c, int i, String name) throws Exception {
      HttpRequest req = request(collection()).POST(HttpRequest.BodyPublishers.ofByteArray(configMapJson(name, 0))).build();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      long dt = System.nanoTime() - t0;
      expectStatus(r, 201, "create " + name);
      JsonNode obj = JSON.readTree(r.body());
      expectObject(obj, name, 0, "create");
      resourceVersions[c][i] = obj.path("metadata").path("resourceVersion").asString();
      check(!resourceVersions[c][i].isEmpty() && !obj.path("metadata").path("uid").asString().isEmpty(),
          "create " + name + ": no resourceVersion or uid in " + body(r));
      return dt;
    }

    @Override
    public long get(int c, int i, String name) throws Exception {
      HttpRequest req = request(item(name)).GET().build();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      long dt = System.nanoTime() - t0;
      expectStatus(r, 200, "get " + name);
      JsonNode obj = JSON.readTree(r.body());
      expectObject(obj, name, 0, "get");
      String rv = obj.path("metadata").path("resourceVersion").asString();
      check(rv.equals(resourceVersions[c][i]),
          "get " + name + ": resourceVersion " + rv + ", created as " + resourceVersions[c][i]);
      fetched[c][i] = (ObjectNode) obj;
      lastGetBytes = r.body().length;
      return dt;
    }

    @Override
    public long update(int c, int i, String name) throws Exception {
      ObjectNode obj = fetched[c][i];
      obj.set("data", JSON.valueToTree(data(name, 1)));
      HttpRequest req = request(item(name)).PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(obj))).build();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      long dt = System.nanoTime() - t0;
      expectStatus(r, 200, "update " + name);
      JsonNode updated = JSON.readTree(r.body());
      expectObject(updated, name, 1, "update");
      String rv = updated.path("metadata").path("resourceVersion").asString();
      check(!rv.isEmpty() && !rv.equals(resourceVersions[c][i]),
          "update " + name + ": resourceVersion did not change (" + rv + ")");
      fetched[c][i] = null;
      return dt;
    }

    void createNamespace() throws Exception {
      byte[] ns = JSON.writeValueAsBytes(Map.of("apiVersion", "v1", "kind", "Namespace",
          "metadata", Map.of("name", NAMESPACE)));
      HttpResponse<byte[]> r = http.send(request(base.resolve("/api/v1/namespaces"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(ns)).build(), HttpResponse.BodyHandlers.ofByteArray());
      expectStatus(r, 201, "create namespace " + NAMESPACE);
    }

    /** Lists the namespace (every object there, updated), then deletes each object. */
    void verifyAndDeleteAll(ExecutorService pool) throws Exception {
      // Paged, as clients list: one unpaged list of ~10k objects is more than one gRPC message from etcd.
      int listed = 0;
      String token = "";
      do {
        URI page = URI.create(collection() + "?limit=500"
            + (token.isEmpty() ? "" : "&continue=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)));
        HttpResponse<byte[]> r = http.send(request(page).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        expectStatus(r, 200, "list configmaps");
        JsonNode list = JSON.readTree(r.body());
        for (JsonNode item : list.path("items")) {
          expectObject(item, item.path("metadata").path("name").asString(), 1, "list");
          listed++;
        }
        token = list.path("metadata").path("continue").asString("");
      } while (!token.isEmpty());
      check(listed == created.size(), "list: " + listed + " ConfigMaps, expected " + created.size());
      int per = (created.size() + CLIENTS - 1) / CLIENTS;
      List<String> names = List.copyOf(created);
      phase(pool, "apiserver delete", per, (c, i) -> {
        int k = c * per + i;
        if (k >= names.size()) return 0;
        HttpResponse<byte[]> d = http.send(request(item(names.get(k))).DELETE().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        expectStatus(d, 200, "delete " + names.get(k));
        return 0;
      });
    }

    void deleteNamespace() throws Exception {
      HttpResponse<byte[]> r = http.send(request(base.resolve("/api/v1/namespaces/" + NAMESPACE)).DELETE().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      check(r.statusCode() == 200 || r.statusCode() == 202,
          "delete namespace: HTTP " + r.statusCode() + " " + body(r));
    }

    void bestEffortDeleteNamespace() {
      try {
        deleteNamespace();
      } catch (Throwable ignored) {
        // The fixtures go away with the JVM anyway.
      }
    }

    private static void expectStatus(HttpResponse<byte[]> r, int status, String what) {
      check(r.statusCode() == status,
          what + ": HTTP " + r.statusCode() + " (expected " + status + "): " + body(r));
    }

    private static String body(HttpResponse<byte[]> r) {
      String s = new String(r.body(), StandardCharsets.UTF_8);
      return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
  }

  private static void expectObject(JsonNode obj, String name, int generation, String what) {
    // Items of a list may leave out kind, as Kubernetes' do.
    check((what.equals("list") || "ConfigMap".equals(obj.path("kind").asString())) && name.equals(obj.path("metadata").path("name").asString())
            && NAMESPACE.equals(obj.path("metadata").path("namespace").asString()),
        what + " " + name + ": not the ConfigMap " + NAMESPACE + "/" + name + ": " + obj);
    check(JSON.valueToTree(data(name, generation)).equals(obj.path("data")),
        what + " " + name + ": data is " + obj.path("data") + ", expected generation " + generation);
  }

  // ---------------------------------------------------------------------------------------------
  // The anchor: raw jetcd on the same etcd, the same operations the API server's storage does.

  static final class EtcdTarget implements Target {
    private final KV kv;
    private long[][] modRevisions;
    private int stored;

    EtcdTarget(KV kv) {
      this.kv = kv;
    }

    @Override
    public String label() {
      return "etcd";
    }

    @Override
    public void prepare(int clients, int perClient) {
      modRevisions = new long[clients][perClient];
    }

    void remember(String[][] names) {
      for (String[] row : names) stored += row.length;
    }

    /** A put only if the key does not exist (create_revision == 0), as the API server creates. */
    @Override
    public long create(int c, int i, String name) throws Exception {
      ByteSequence k = key(name);
      ByteSequence v = ByteSequence.from(configMapJson(name, 0));
      long t0 = System.nanoTime();
      TxnResponse r = kv.txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
          .Then(Op.put(k, v, PutOption.DEFAULT))
          .commit().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long dt = System.nanoTime() - t0;
      check(r.isSucceeded(), "etcd create " + name + ": the key exists");
      modRevisions[c][i] = r.getHeader().getRevision();
      return dt;
    }

    @Override
    public long get(int c, int i, String name) throws Exception {
      long t0 = System.nanoTime();
      GetResponse r = kv.get(key(name)).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long dt = System.nanoTime() - t0;
      check(r.getKvs().size() == 1, "etcd get " + name + ": " + r.getKvs().size() + " keys");
      KeyValue kvp = r.getKvs().get(0);
      check(Arrays.equals(kvp.getValue().getBytes(), configMapJson(name, 0)), "etcd get " + name + ": other bytes");
      check(kvp.getModRevision() == modRevisions[c][i],
          "etcd get " + name + ": mod_revision " + kvp.getModRevision() + ", written at " + modRevisions[c][i]);
      return dt;
    }

    /** A put only if mod_revision is still the one read, else read the current value: the API server's update txn. */
    @Override
    public long update(int c, int i, String name) throws Exception {
      ByteSequence k = key(name);
      ByteSequence v = ByteSequence.from(configMapJson(name, 1));
      long t0 = System.nanoTime();
      TxnResponse r = kv.txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(modRevisions[c][i])))
          .Then(Op.put(k, v, PutOption.DEFAULT))
          .Else(Op.get(k, GetOption.DEFAULT))
          .commit().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long dt = System.nanoTime() - t0;
      check(r.isSucceeded(), "etcd update " + name + ": mod_revision moved under us");
      check(r.getHeader().getRevision() > modRevisions[c][i], "etcd update " + name + ": revision did not grow");
      return dt;
    }

    void verifyAndDeleteAll() throws Exception {
      ByteSequence prefix = ByteSequence.from(ANCHOR_PREFIX, StandardCharsets.UTF_8);
      // Paged: all anchor keys at once can exceed the 4 MiB gRPC message limit.
      ByteSequence end = ByteSequence.from(ANCHOR_PREFIX.substring(0, ANCHOR_PREFIX.length() - 1) + "0",
          StandardCharsets.UTF_8);
      ByteSequence from = prefix;
      int seen = 0;
      while (true) {
        GetResponse page = kv.get(from, GetOption.builder().withRange(end).withLimit(1000).build())
            .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (KeyValue kvp : page.getKvs()) {
          String name = kvp.getKey().toString(StandardCharsets.UTF_8).substring(ANCHOR_PREFIX.length());
          check(Arrays.equals(kvp.getValue().getBytes(), configMapJson(name, 1)), "etcd " + name + ": not updated");
          seen++;
        }
        if (!page.isMore() || page.getKvs().isEmpty()) break;
        byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
        from = ByteSequence.from(Arrays.copyOf(last, last.length + 1));
      }
      check(seen == stored, "etcd: " + seen + " anchor keys, expected " + stored);
      long deleted = kv.delete(prefix, DeleteOption.builder().isPrefix(true).build())
          .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getDeleted();
      check(deleted == stored, "etcd: deleted " + deleted + " anchor keys, expected " + stored);
    }

    private static ByteSequence key(String name) {
      return ByteSequence.from(ANCHOR_PREFIX + name, StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Payload.

  /** About {@code DATA_BYTES} of data in two keys; {@code generation} makes the update's data differ. */
  static Map<String, String> data(String name, int generation) {
    int half = Math.max(1, DATA_BYTES / 2 - 12);
    String seed = name + "/g" + generation + "/";
    StringBuilder a = new StringBuilder(half);
    while (a.length() < half) a.append(seed);
    a.setLength(half);
    String b = new StringBuilder(a).reverse().toString();
    return new java.util.TreeMap<>(Map.of("app.properties", a.toString(), "log.level", b));
  }

  static byte[] configMapJson(String name, int generation) {
    Map<String, Object> cm = new java.util.LinkedHashMap<>();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.put("metadata", Map.of("name", name, "namespace", NAMESPACE, "labels", Map.of("app", "bench")));
    cm.put("data", data(name, generation));
    return JSON.writeValueAsBytes(cm);
  }

  // ---------------------------------------------------------------------------------------------

  // ---------------------------------------------------------------------------------------------
  // Statistics and the table.

  static final class Stats {
    private long[] latencies;
    private long wallNanos;

    Stats() {
      this(new long[0], 0);
    }

    Stats(long[] latencies, long wallNanos) {
      this.latencies = latencies;
      this.wallNanos = wallNanos;
    }

    void add(Stats other) {
      long[] merged = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
      System.arraycopy(other.latencies, 0, merged, latencies.length, other.latencies.length);
      latencies = merged;
      wallNanos += other.wallNanos;
    }

    static Stats merge(Iterable<Stats> all) {
      Stats s = new Stats();
      for (Stats x : all) s.add(x);
      return s;
    }

    int ops() {
      return latencies.length;
    }

    double opsPerSecond() {
      return wallNanos == 0 ? 0 : latencies.length / (wallNanos / 1e9);
    }

    /** Nearest-rank percentile, in milliseconds. */
    double percentileMillis(double p) {
      if (latencies.length == 0) return 0;
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1e6;
    }
  }

  private static void printTable(Map<Kind, Stats> api, Map<Kind, Stats> etcd) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-8s %7s | %29s | %29s | %s%n", "", "",
        "apiserver (HTTPS, JSON)", "etcd anchor (raw jetcd)", "apiserver/etcd");
    System.out.printf(Locale.ROOT, "%-8s %7s | %9s %9s %9s | %9s %9s %9s | %9s %9s%n",
        "op", "ops", "ops/s", "p50 ms", "p99 ms", "ops/s", "p50 ms", "p99 ms", "ops/s", "p50");
    List<Map.Entry<String, Stats[]>> rows = new ArrayList<>();
    for (Kind k : Kind.values()) {
      rows.add(Map.entry(k.name().toLowerCase(Locale.ROOT), new Stats[] {api.get(k), etcd.get(k)}));
    }
    rows.add(Map.entry("all", new Stats[] {Stats.merge(api.values()), Stats.merge(etcd.values())}));
    for (Map.Entry<String, Stats[]> row : rows) {
      Stats a = row.getValue()[0];
      Stats e = row.getValue()[1];
      System.out.printf(Locale.ROOT, "%-8s %7d | %9.0f %9.2f %9.2f | %9.0f %9.2f %9.2f | %9.3f %8.1fx%n",
          row.getKey(), a.ops(), a.opsPerSecond(), a.percentileMillis(50), a.percentileMillis(99),
          e.opsPerSecond(), e.percentileMillis(50), e.percentileMillis(99),
          a.opsPerSecond() / e.opsPerSecond(), a.percentileMillis(50) / e.percentileMillis(50));
    }
    Stats a = Stats.merge(api.values());
    Stats e = Stats.merge(etcd.values());
    System.out.printf(Locale.ROOT, "%nCPU while measuring (%d CPUs shared by all three processes):%n",
        Runtime.getRuntime().availableProcessors());
    System.out.println("  apiserver run: " + CPU_USED.get("apiserver").perOp(a.ops()));
    System.out.println("  etcd run:      " + CPU_USED.get("etcd").perOp(e.ops()));
    System.out.printf(Locale.ROOT, "%nRATIO apiserver/etcd throughput: %.3f (apiserver %.0f ops/s, etcd %.0f ops/s)%n%n",
        a.opsPerSecond() / e.opsPerSecond(), a.opsPerSecond(), e.opsPerSecond());
  }

  static void check(boolean condition, String message) {
    if (!condition) throw new BenchFailure(message);
  }

  private ApiServerVsEtcdBench() {}
}
