package io.capstan.e2e.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for the node agent, which is not merged yet: every 100 ms it reports each pod of one
 * namespace Running and Ready (with a pod IP) through {@code pods/status}, as a kubelet would
 * once the containers started. Pods stay unbound (no node), so deleting them is immediate.
 */
final class FakeKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-kubelet");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger ips = new AtomicInteger(10);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean closed;

  FakeKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    timer.scheduleWithFixedDelay(this::pass, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void pass() {
    if (closed) return;
    try {
      for (Pod p : client.pods().inNamespace(namespace).list().getItems()) {
        if (p.getMetadata().getDeletionTimestamp() != null || isReady(p)) continue;
        p.setStatus(running());
        try {
          client.pods().inNamespace(namespace).resource(p).updateStatus();
        } catch (KubernetesClientException e) {
          // 404: deleted meanwhile; 409: changed meanwhile (the next pass sees the new version).
          if (e.getCode() != 404 && e.getCode() != 409) throw e;
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private PodStatus running() {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    List<PodCondition> conditions = List.of(
        new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now).build(),
        new PodConditionBuilder().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).build());
    PodStatus s = new PodStatus();
    s.setPhase("Running");
    s.setPodIP("10.88.0." + (ips.incrementAndGet() % 250 + 2));
    s.setConditions(conditions);
    s.setStartTime(now);
    return s;
  }

  private static boolean isReady(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    closed = true;
    // Let a pass in flight finish: interrupting it would turn its HTTP call into a failure.
    timer.shutdown();
    try {
      if (!timer.awaitTermination(30, TimeUnit.SECONDS)) throw new AssertionError("the fake kubelet did not stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the fake kubelet", e);
    }
    RuntimeException e = failure.get();
    if (e != null) throw new AssertionError("the fake kubelet failed", e);
  }
}
