package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.KubectlTable;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees first: version, discovery, the built-in namespaces and the kubernetes service. */
class KubectlDiscoveryTest {

  private static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
  }

  @Test
  void versionReportsServerMinor32() {
    KubectlResult text = kubectl.run("version");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.stdout()).as(text.toString()).containsPattern("(?m)^Server Version: v1\\.32\\.\\d+\\S*$");
    assertThat(text.stderr()).as("no version-skew warning").doesNotContain("WARNING");

    KubectlResult json = kubectl.run("version", "-o", "json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.stdout()).as(json.toString())
        .containsPattern("\"serverVersion\":\\s*\\{[^}]*\"major\":\\s*\"1\"")
        .containsPattern("\"serverVersion\":\\s*\\{[^}]*\"minor\":\\s*\"32\"");
  }

  @Test
  void apiResourcesListsCoreAppsAndCrds() {
    KubectlResult r = kubectl.run("api-resources");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    KubectlTable table = r.table();
    assertThat(table.headers()).containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(table.rows()).as(r.stdout())
        .contains(
            Map.of("NAME", "pods", "SHORTNAMES", "po", "APIVERSION", "v1", "NAMESPACED", "true", "KIND", "Pod"),
            Map.of("NAME", "deployments", "SHORTNAMES", "deploy", "APIVERSION", "apps/v1",
                "NAMESPACED", "true", "KIND", "Deployment"),
            Map.of("NAME", "customresourcedefinitions", "SHORTNAMES", "crd,crds",
                "APIVERSION", "apiextensions.k8s.io/v1", "NAMESPACED", "false",
                "KIND", "CustomResourceDefinition"));
  }

  @Test
  void getNamespacesShowsTheBuiltInOnesActive() {
    KubectlResult r = kubectl.run("get", "ns");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    KubectlTable table = r.table();
    assertThat(table.headers()).containsExactly("NAME", "STATUS", "AGE");
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      assertThat(table.row("NAME", ns)).as(ns + " in\n" + r.stdout())
          .hasValueSatisfying(row -> assertThat(row.get("STATUS")).isEqualTo("Active"));
    }
  }

  @Test
  void getAllAcrossNamespacesShowsTheKubernetesService() {
    KubectlResult r = kubectl.run("get", "all", "-A");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    KubectlTable services = r.tables().stream()
        .filter(t -> t.headers().contains("CLUSTER-IP"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no service table in\n" + r));
    assertThat(services.headers())
        .containsExactly("NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    assertThat(services.row("NAME", "service/kubernetes")).as(r.stdout()).hasValueSatisfying(row -> {
      assertThat(row.get("NAMESPACE")).isEqualTo("default");
      assertThat(row.get("TYPE")).isEqualTo("ClusterIP");
      assertThat(row.get("CLUSTER-IP")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
      assertThat(row.get("EXTERNAL-IP")).isEqualTo("<none>");
      assertThat(row.get("PORT(S)")).isEqualTo("443/TCP");
    });
  }
}
