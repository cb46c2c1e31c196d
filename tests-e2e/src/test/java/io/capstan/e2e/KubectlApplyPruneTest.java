package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl apply --prune -l}: objects with the label that are no longer in the applied set
 * are deleted, which needs label-selected lists of every prunable kind and deletes to work.
 */
class KubectlApplyPruneTest {

  private static String configMap(String ns, String name) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: %s
          labels:
            app: prune
        data:
          k: v
        """.formatted(name, ns);
  }

  @Test
  void pruneDeletesLabelledObjectsMissingFromTheManifest(@TempDir Path home) {
    Kubectl kubectl = new Kubectl(ApiServerProcess.shared(), home);
    String ns = kubectl.createNamespaceImperatively("prune");
    Path both = kubectl.manifest(configMap(ns, "keep") + "---\n" + configMap(ns, "drop"));
    kubectl.run("apply", "-f", both.toString()).requireSuccess();

    Path one = kubectl.manifest(configMap(ns, "keep"));
    KubectlResult pruned = kubectl.run("apply", "--prune", "-l", "app=prune", "-n", ns, "-f", one.toString());

    assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
    assertThat(pruned.stdout()).as(pruned.toString()).contains("configmap/keep unchanged", "configmap/drop pruned");
    KubectlResult left = kubectl.run("get", "configmaps", "-n", ns, "-l", "app=prune", "-o", "name");
    assertThat(left.stdout()).isEqualTo("configmap/keep\n");
  }
}
