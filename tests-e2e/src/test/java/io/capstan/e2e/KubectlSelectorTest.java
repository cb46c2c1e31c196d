package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.KubectlTable;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server filters lists: set-based label selectors and the events' involvedObject field selector. */
class KubectlSelectorTest {

  private static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
  }

  @Test
  void getPodsWithASetBasedLabelSelector() {
    String ns = kubectl.createNamespace("selector");
    kubectl.run("create", "-f", kubectl.manifest(Manifests.all(
        Manifests.pod(ns, "web-1", "web"),
        Manifests.pod(ns, "web-2", "web"),
        Manifests.pod(ns, "db-1", "db"),
        Manifests.pod(ns, "plain", null))).toString()).requireSuccess();

    KubectlResult in = kubectl.run("get", "pods", "-n", ns, "-l", "app in (web)");
    assertThat(in.exitCode()).as(in.toString()).isZero();
    assertThat(in.table().headers()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(in.table().column("NAME")).as(in.stdout()).containsExactly("web-1", "web-2");

    KubectlResult notIn = kubectl.run("get", "pods", "-n", ns, "-l", "app notin (web)");
    assertThat(notIn.table().column("NAME")).as(notIn.toString()).containsExactly("db-1", "plain");

    KubectlResult absent = kubectl.run("get", "pods", "-n", ns, "-l", "!app");
    assertThat(absent.table().column("NAME")).as(absent.toString()).containsExactly("plain");
  }

  @Test
  void getEventsByInvolvedObjectName() {
    String ns = kubectl.createNamespace("events");
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    kubectl.run("create", "-f", kubectl.manifest(Manifests.all(
        event(ns, "x.1", "x", "Normal", "Started", "Started container main", now),
        event(ns, "other.1", "other", "Warning", "BackOff", "Back-off restarting failed container", now)))
        .toString()).requireSuccess();

    KubectlResult r = kubectl.run("get", "events", "-n", ns, "--field-selector", "involvedObject.name=x");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    KubectlTable table = r.table();
    assertThat(table.headers()).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    assertThat(table.rows()).as(r.stdout()).hasSize(1);
    assertThat(table.rows().get(0))
        .containsEntry("TYPE", "Normal")
        .containsEntry("REASON", "Started")
        .containsEntry("OBJECT", "pod/x")
        .containsEntry("MESSAGE", "Started container main");
    assertThat(table.rows().get(0).get("LAST SEEN")).matches("\\d+s");
  }

  private static String event(String ns, String name, String pod, String type, String reason, String message,
      String time) {
    return """
        apiVersion: v1
        kind: Event
        metadata:
          name: %s
          namespace: %s
        involvedObject:
          apiVersion: v1
          kind: Pod
          name: %s
          namespace: %2$s
        type: %s
        reason: %s
        message: %s
        source:
          component: kubelet
        firstTimestamp: "%7$s"
        lastTimestamp: "%7$s"
        count: 1
        """.formatted(name, ns, pod, type, reason, message, time);
  }
}
