package io.capstan.nodeagent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.nodeagent.event.PodEvents;
import io.capstan.nodeagent.runtime.ContainerRuntime.ExecResult;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeManagerTest {
  ProberTest.ScriptedRuntime runtime = new ProberTest.ScriptedRuntime();
  ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  List<String> changed = new CopyOnWriteArrayList<>();
  List<String> events = new CopyOnWriteArrayList<>();
  ProbeManager probes = new ProbeManager(runtime, scheduler, changed::add,
      (PodEvents.Target target, String type, String reason, String message) ->
          events.add(target.fieldPath() + " " + type + " " + reason + ": " + message));

  @AfterEach
  void tearDown() {
    probes.close();
    scheduler.shutdownNow();
  }

  static Container withLiveness() {
    return new ContainerBuilder().withName("app").withNewLivenessProbe().withNewExec().withCommand("cat", "/tmp/ok")
        .endExec().withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe().build();
  }

  @Test
  void aLivenessProbeFailingPastItsThresholdAsksForARestartAndSaysWhyInEvents() {
    runtime.exec = cmd -> new ExecResult(1, "cat: can't open '/tmp/ok': No such file or directory\n");
    probes.ensure("ns/p", "uid", withLiveness(), "c1", ProberTest.SANDBOX);

    // The result flips before onChange runs, on the prober's thread: wait for both.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(probes.mustRestart("c1")).isTrue();
      assertThat(changed).containsExactly("ns/p");
    });
    assertThat(events).hasSizeGreaterThanOrEqualTo(2).allMatch(e -> e.equals("spec.containers{app} Warning Unhealthy: "
        + "Liveness probe failed: cat: can't open '/tmp/ok': No such file or directory"));
  }

  @Test
  void aProbeThatCannotRunCountsAsAFailureAndIsReportedAsErrored() {
    runtime.exec = cmd -> {
      throw new RuntimeError("command timed out: \"cat /tmp/ok\" timed out after 4s", 0);
    };
    probes.ensure("ns/p", "uid", withLiveness(), "c1", ProberTest.SANDBOX);

    await().atMost(Duration.ofSeconds(10)).until(() -> probes.mustRestart("c1"));
    assertThat(events).first().isEqualTo("spec.containers{app} Warning Unhealthy: Liveness probe errored and resulted "
        + "in unknown state: command timed out: \"cat /tmp/ok\" timed out after 4s");
  }

  @Test
  void readinessNeedsItsSuccessThresholdAndWaitsForTheStartupProbe() {
    Container c = new ContainerBuilder().withName("app")
        .withNewStartupProbe().withNewTcpSocket().withNewPort(8080).endTcpSocket().withPeriodSeconds(1).endStartupProbe()
        .withNewReadinessProbe().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).withSuccessThreshold(2)
        .endReadinessProbe().build();
    probes.ensure("ns/p", "uid", c, "c1", ProberTest.SANDBOX);

    await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10)).until(() -> !probes.ready("c1", c));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events).contains(
        "spec.containers{app} Warning Unhealthy: Startup probe failed: dial tcp 127.0.0.1:8080: connect: connection refused"));

    runtime.listening = true;
    await().atMost(Duration.ofSeconds(10)).until(() -> probes.ready("c1", c));
    assertThat(probes.started("c1", c)).isTrue();
  }
}
