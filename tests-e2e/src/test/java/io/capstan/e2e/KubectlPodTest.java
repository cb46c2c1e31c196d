package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bare pods with no node: how they list, how a missing one is reported, and how they are deleted. */
class KubectlPodTest {

  private static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
  }

  @Test
  void aMissingPodIsNotFound() {
    String ns = kubectl.createNamespace("notfound");

    KubectlResult r = kubectl.run("get", "pod", "nope", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
  }

  @Test
  void anUnscheduledPodIsPending() {
    String ns = kubectl.createNamespace("pending");
    kubectl.run("create", "-f", kubectl.manifest(Manifests.pod(ns, "p1", "web")).toString()).requireSuccess();

    KubectlResult r = kubectl.run("get", "pods", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.table().headers()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(r.table().row("NAME", "p1")).as(r.stdout()).hasValueSatisfying(row -> assertThat(row)
        .containsEntry("READY", "0/1").containsEntry("STATUS", "Pending").containsEntry("RESTARTS", "0"));
  }

  @Test
  void deletingAnUnscheduledPodIsImmediate() {
    String ns = kubectl.createNamespace("delete");
    KubectlResult created = kubectl.run("create", "-f", kubectl.manifest(Manifests.pod(ns, "p1", "web")).toString());
    assertThat(created.stdout()).as(created.toString()).isEqualTo("pod/p1 created\n");

    // The default --wait blocks until the pod is gone: an unscheduled pod has no grace period.
    // A graceful deletion would never end (no node agent confirms it), so kubectl would hang
    // until the bound; the bound itself leaves a loaded machine room for kubectl.
    KubectlResult deleted = kubectl.start("delete", "pod", "p1", "-n", ns).await(Duration.ofSeconds(60));

    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.stdout()).isEqualTo("pod \"p1\" deleted\n");
    KubectlResult gone = kubectl.run("get", "pod", "p1", "-n", ns);
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
    assertThat(gone.stderr()).isEqualTo("Error from server (NotFound): pods \"p1\" not found\n");
  }
}
