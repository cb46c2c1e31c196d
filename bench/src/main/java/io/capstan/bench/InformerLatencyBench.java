package io.capstan.bench;

import io.capstan.bench.ApiServerVsEtcdBench.BenchFailure;
import io.capstan.bench.ApiServerVsEtcdBench.Stats;
import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.RawObject;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Snapshot;
import io.capstan.model.bus.BusTopics;
import io.capstan.testing.EtcdProcess;
import io.capstan.testing.KafkaProcess;
import io.capstan.testing.RelayProcess;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Write→handler latency of Kafka-fed informers (etcd → relay → Kafka → informer → handler) for
 * 1, 10 and 100 informers on one resource, against its anchor measured in the same run on the
 * same writes: a direct etcd watch on the same prefix (etcd → watch callback).
 *
 * <p>Per scenario: start N informers (LIST from etcd, then the configmaps topic), write ConfigMaps
 * at a fixed rate for a warm-up and then for the measured window, wait until every informer has
 * applied the last write, stop the informers. A sample is one write seen by one receiver; latency
 * runs from just before the put is sent (its {@code nanoTime} is in the value) to the handler or
 * watch callback. Every receiver must see every measured write, else the run fails.
 *
 * <p>Settings (system properties): {@code bench.informers} ("1,10,100"), {@code bench.rate}
 * (1000 writes/s), {@code bench.seconds} (10 measured), {@code bench.warmupSeconds} (2),
 * {@code bench.names} (1000 ConfigMaps written in turn), {@code bench.dataBytes} (200),
 * {@code bench.maxSeconds} (600: the whole run fails past this).
 *
 * <p>Run with {@code bench/run-informer.sh}; see bench/README.md.
 */
public final class InformerLatencyBench {
  private static final int[] INFORMERS = Arrays.stream(System.getProperty("bench.informers", "1,10,100").split(","))
      .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  private static final int RATE = Integer.getInteger("bench.rate", 1000);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
  private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 2);
  private static final int NAMES = Integer.getInteger("bench.names", 1000);
  private static final int DATA_BYTES = Integer.getInteger("bench.dataBytes", 200);
  private static final int MAX_SECONDS = Integer.getInteger("bench.maxSeconds", 600);

  private static final String NAMESPACE = "bench-informer";
  private static final String RESOURCE_PREFIX = "/registry/configmaps/";
  private static final String TOPIC = BusTopics.forStoragePrefix("/registry/configmaps");
  private static final Instant DEADLINE = Instant.now().plusSeconds(MAX_SECONDS);

  private InformerLatencyBench() {}

  /** One scenario's outcome: the anchor and the informers over the same measured writes. */
  record Result(int informers, PacedConfigMapWriter.Run writes, Stats direct, Stats informer, int minPerInformer,
      double relists, double handlerErrors) {}

  public static void main(String[] args) {
    BenchHarness.main(InformerLatencyBench::run);
  }

  private static void run() throws Exception {
    EtcdProcess etcdProcess = EtcdProcess.shared();
    KafkaProcess kafka = KafkaProcess.shared();
    int perReceiver = RATE * (SECONDS + WARMUP_SECONDS) * INFORMERS.length + NAMES + 10_000;
    try (RelayProcess relay = new RelayProcess(etcdProcess.endpoint(), kafka.bootstrapServers(),
            "--capstan.relay.state-prefix=/capstan/relay-bench/").start();
        Client etcd = Client.builder().endpoints(etcdProcess.endpoint()).maxInboundMessageSize(Integer.MAX_VALUE).build();
        TopicProvisioner topics = new TopicProvisioner(BusSettings.local(kafka.bootstrapServers(), "bench-informer"))) {
      waitFor("the relay to lead", 30, relay::isLeader);
      LatencyRecorder direct = new LatencyRecorder(perReceiver);
      WatchOption prefix = WatchOption.builder().isPrefix(true).build();
      try (Watch.Watcher watcher = etcd.getWatchClient().watch(PacedConfigMapWriter.bytes(RESOURCE_PREFIX + NAMESPACE + "/"),
          prefix, Watch.listener(r -> {
            for (WatchEvent e : r.getEvents()) direct.delivered(e.getKeyValue().getValue().getBytes());
          }))) {
        PacedConfigMapWriter writer = new PacedConfigMapWriter(etcd.getKVClient(), NAMESPACE, NAMES, DATA_BYTES);
        List<Result> results = new ArrayList<>();
        for (int n : INFORMERS) results.add(scenario(n, etcd.getKVClient(), topics, kafka, writer, direct));
        print(results, relay);
      }
    }
  }

  private static Result scenario(int n, KV kv, TopicProvisioner topics, KafkaProcess kafka,
      PacedConfigMapWriter writer, LatencyRecorder direct) throws Exception {
    List<Informer<RawObject>> informers = new ArrayList<>();
    List<LatencyRecorder> seen = new ArrayList<>();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    int capacity = RATE * (SECONDS + WARMUP_SECONDS) + 10_000;
    long started = System.nanoTime();
    PacedConfigMapWriter.Run measured;
    try {
      for (int i = 0; i < n; i++) {
        LatencyRecorder recorder = new LatencyRecorder(capacity);
        Informer<RawObject> informer = Informer.builder("configmaps-" + n + "-" + i, RawObject.ACCESS)
            .lister(() -> list(kv))
            .source(new KafkaEventSource<>(BusSettings.local(kafka.bootstrapServers(), "bench-" + n + "-" + i), topics,
                TOPIC, RawObject.DECODER))
            .meters(meters)
            .build();
        informer.addEventHandler(new ResourceEventHandler<>() {
          @Override
          public void onAdd(RawObject o, boolean initialList) {
            if (!initialList) recorder.delivered(o.value());
          }

          @Override
          public void onUpdate(RawObject old, RawObject now) {
            recorder.delivered(now.value());
          }
        });
        informers.add(informer);
        seen.add(recorder);
        informer.start();
      }
      for (Informer<RawObject> i : informers) {
        if (!i.awaitSynced(java.time.Duration.ofSeconds(120))) throw new BenchFailure(i.name() + " did not sync in 120 s");
      }
      System.out.printf(Locale.ROOT, "%d informer(s) synced in %d ms; writing %d/s for %d s warm-up + %d s measured%n",
          n, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), RATE, WARMUP_SECONDS, SECONDS);
      writer.run(RATE, WARMUP_SECONDS);
      measured = writer.run(RATE, SECONDS);
      long last = measured.lastRevision();
      waitFor("every informer to apply revision " + last, 120,
          () -> informers.stream().allMatch(i -> i.lastRevision() >= last));
    } finally {
      // Closing joins the informer's thread, which joined its delivery thread: the recorders are complete after this.
      informers.forEach(Informer::close);
    }
    long from = measured.firstNanos();
    long to = measured.endNanos();
    waitFor("the direct watch to deliver every measured write", 30, () -> direct.window(from, to).ops() >= measured.writes());
    Stats anchor = direct.window(from, to);
    Stats all = new Stats();
    int min = Integer.MAX_VALUE;
    for (LatencyRecorder r : seen) {
      Stats s = r.window(from, to);
      min = Math.min(min, s.ops());
      all.add(s);
    }
    double relists = meters.find("capstan_informer_relists_total").counters().stream().mapToDouble(c -> c.count()).sum();
    double handlerErrors = meters.find("capstan_informer_handler_errors_total").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    // A relist legitimately folds the changes it covers into one diff per object; anything else missing is a bug.
    if (anchor.ops() != measured.writes() || handlerErrors > 0 || (relists == 0 && min != measured.writes())) {
      throw new BenchFailure(String.format("%d informers: %d writes, the direct watch saw %d, the fewest an informer saw"
          + " was %d (%.0f relists, %.0f handler errors)", n, measured.writes(), anchor.ops(), min, relists, handlerErrors));
    }
    return new Result(n, measured, anchor, all, min, relists, handlerErrors);
  }

  private static Snapshot<RawObject> list(KV kv) throws Exception {
    GetResponse r = kv.get(PacedConfigMapWriter.bytes(RESOURCE_PREFIX), GetOption.builder().isPrefix(true).build())
        .get(30, TimeUnit.SECONDS);
    List<RawObject> items = new ArrayList<>(r.getKvs().size());
    for (KeyValue kv2 : r.getKvs()) {
      items.add(new RawObject(kv2.getKey().toString(StandardCharsets.UTF_8), kv2.getValue().getBytes(), kv2.getModRevision()));
    }
    return new Snapshot<>(items, r.getHeader().getRevision());
  }

  private static void print(List<Result> results, RelayProcess relay) {
    System.out.printf(Locale.ROOT, "%nInformerLatencyBench: %d writes/s, %d s measured per scenario (%d s warm-up), %d ConfigMaps"
        + " of ~%d B written in turn; 1 relay, Kafka topic %s (1 partition); %d CPUs, Java %s%n",
        RATE, SECONDS, WARMUP_SECONDS, NAMES, 230 + DATA_BYTES, TOPIC, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%n%9s | %7s %8s %-15s | %-22s | %-30s | %-17s%n", "informers", "writes", "writes/s",
        " put answered", "direct etcd watch", "informers (via relay + Kafka)", "informer/direct");
    System.out.printf(Locale.ROOT, "%9s | %7s %8s %7s %7s | %10s %11s | %8s %10s %10s | %8s %8s%n", "", "", "", "p50 ms",
        "p99 ms", "p50 ms", "p99 ms", "samples", "p50 ms", "p99 ms", "p50", "p99");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "%9d | %7d %8.0f %7.2f %7.2f | %10.2f %11.2f | %8d %10.2f %10.2f | %7.1fx %7.1fx%n",
          r.informers(), r.writes().writes(), r.writes().perSecond(), r.writes().acks().percentileMillis(50),
          r.writes().acks().percentileMillis(99), r.direct().percentileMillis(50),
          r.direct().percentileMillis(99), r.informer().ops(), r.informer().percentileMillis(50),
          r.informer().percentileMillis(99), ratio(r, 50), ratio(r, 99));
    }
    for (Result r : results) {
      if (r.minPerInformer() != r.writes().writes()) {
        System.out.printf(Locale.ROOT, "%d informers: %.0f relists; the fewest writes one informer's handler saw was %d of %d"
            + " (a relist reports each object's changes since the last LIST as one update)%n", r.informers(), r.relists(),
            r.minPerInformer(), r.writes().writes());
      }
    }
    System.out.printf(Locale.ROOT, "%nrelay: %.0f events published, %.0f resyncs%n",
        relay.metric("capstan_relay_events_published_total"), relay.metric("capstan_relay_resyncs_total"));
    StringBuilder line = new StringBuilder("RATIO informer/direct-watch p50, p99:");
    for (Result r : results) {
      line.append(String.format(Locale.ROOT, "  %d informer(s) %.1f, %.1f;", r.informers(), ratio(r, 50), ratio(r, 99)));
    }
    System.out.println(line.substring(0, line.length() - 1));
  }

  private static double ratio(Result r, double p) {
    return r.informer().percentileMillis(p) / r.direct().percentileMillis(p);
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} every 10 ms; fails the run after {@code seconds} or past the run's deadline. */
  private static void waitFor(String what, int seconds, Condition condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      if (System.nanoTime() > end) throw new BenchFailure("waited " + seconds + " s for " + what);
      if (Instant.now().isAfter(DEADLINE)) throw new BenchFailure("the run exceeded bench.maxSeconds=" + MAX_SECONDS);
      Thread.sleep(10);
    }
  }
}
