package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that patch a live object: {@code label}, {@code annotate} and {@code scale}. */
class KubectlLabelAnnotateScaleTest {

  private static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
  }

  private static String deployWeb(String ns) {
    kubectl.run("create", "-f", kubectl.manifest(Manifests.deployment(ns, "web", 1, "nginx:1.27")).toString())
        .requireSuccess();
    return ns;
  }

  @Test
  void labelAddsAndRemovesALabel() {
    String ns = deployWeb(kubectl.createNamespace("label"));

    KubectlResult labeled = kubectl.run("label", "-n", ns, "deploy", "web", "tier=frontend");
    assertThat(labeled.exitCode()).as(labeled.toString()).isZero();
    assertThat(labeled.stdout()).isEqualTo("deployment.apps/web labeled\n");
    KubectlResult shown = kubectl.run("get", "-n", ns, "deploy", "-l", "tier=frontend", "--show-labels");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.table().column("NAME")).containsExactly("web");
    assertThat(shown.table().column("LABELS")).containsExactly("app=web,tier=frontend");

    KubectlResult unlabeled = kubectl.run("label", "-n", ns, "deploy", "web", "tier-");
    assertThat(unlabeled.exitCode()).as(unlabeled.toString()).isZero();
    assertThat(unlabeled.stdout()).isEqualTo("deployment.apps/web unlabeled\n");
    KubectlResult none = kubectl.run("get", "-n", ns, "deploy", "-l", "tier=frontend");
    assertThat(none.exitCode()).as(none.toString()).isZero();
    assertThat(none.stdout()).isEmpty();
    assertThat(none.stderr()).isEqualTo("No resources found in " + ns + " namespace.\n");
  }

  @Test
  void annotateSetsAnAnnotation() {
    String ns = deployWeb(kubectl.createNamespace("annotate"));

    KubectlResult r = kubectl.run("annotate", "-n", ns, "deploy", "web", "owner=team-a");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web annotated\n");
    KubectlResult value = kubectl.run("get", "-n", ns, "deploy", "web", "-o",
        "jsonpath={.metadata.annotations.owner}");
    assertThat(value.stdout()).as(value.toString()).isEqualTo("team-a");
  }

  @Test
  void scaleSetsSpecReplicas() {
    String ns = deployWeb(kubectl.createNamespace("scale"));

    KubectlResult r = kubectl.run("scale", "-n", ns, "deploy", "web", "--replicas=3");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web scaled\n");
    KubectlResult replicas = kubectl.run("get", "-n", ns, "deploy", "web", "-o", "jsonpath={.spec.replicas}");
    assertThat(replicas.stdout()).as(replicas.toString()).isEqualTo("3");
    KubectlResult table = kubectl.run("get", "-n", ns, "deploy", "web");
    assertThat(table.table().row("NAME", "web")).as(table.toString())
        .hasValueSatisfying(row -> assertThat(row.get("READY")).isEqualTo("0/3"));
  }
}
