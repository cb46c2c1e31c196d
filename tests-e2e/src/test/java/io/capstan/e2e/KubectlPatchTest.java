package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl patch} with each {@code --type}: strategic (the default; lists of containers merge
 * by name), merge (RFC 7386; lists are replaced whole) and json (RFC 6902 operations).
 */
class KubectlPatchTest {

  private static final String VERSIONS = "io.capstan.e2e.support.Kubectl#versions";

  /**
   * kubectl {@code version} and a Deployment {@code web} in a new namespace: containers web (env
   * MODE) and sidecar, both busybox:1.35, 2 replicas. The installed kubectl creates the Deployment,
   * so that these tests exercise {@code version} on the patch alone ({@code create -f} is the
   * apply tests' business).
   */
  static Web deployWeb(String version, Path home, String prefix) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively(prefix);
    Kubectl setup = new Kubectl(ApiServerProcess.shared(), home.resolve("setup"));
    setup.run("create", "-f", setup.manifest("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: %s
          labels:
            app: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: busybox:1.35
                env:
                - name: MODE
                  value: fast
              - name: sidecar
                image: busybox:1.35
        """.formatted(ns)).toString()).requireSuccess();
    return new Web(kubectl, ns);
  }

  /** The kubectl under test and the namespace of its Deployment {@code web}. */
  record Web(Kubectl kubectl, String ns) {}

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void strategicMergePatchMergesContainersByName(String version, @TempDir Path home) {
    Web web = deployWeb(version, home, "patch-smp");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();

    KubectlResult r = kubectl.run("patch", "deployment", "web", "-n", ns, "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox:1.36\"}]}}}}");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web patched\n");
    assertThat(r.stderr()).isEmpty();
    Deployment d = deployment(kubectl, ns);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName, Container::getImage)
        .containsExactly(Tuple.tuple("web", "busybox:1.35"), Tuple.tuple("sidecar", "busybox:1.36"));
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).containsExactly("MODE");
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);

    KubectlResult deleted = kubectl.run("patch", "deployment", "web", "-n", ns, "--type=strategic", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.stdout()).isEqualTo("deployment.apps/web patched\n");
    assertThat(deployment(kubectl, ns).getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getName).containsExactly("web");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void mergePatchReplacesListsWhole(String version, @TempDir Path home) {
    Web web = deployWeb(version, home, "patch-merge");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();

    KubectlResult r = kubectl.run("patch", "deployment", "web", "-n", ns, "--type=merge", "-p",
        "{\"metadata\":{\"labels\":{\"tier\":\"frontend\"}},\"spec\":{\"replicas\":4,"
            + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"busybox:1.36\"}]}}}}");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web patched\n");
    assertThat(r.stderr()).isEmpty();
    Deployment d = deployment(kubectl, ns);
    assertThat(d.getMetadata().getLabels()).isEqualTo(Map.of("app", "web", "tier", "frontend"));
    assertThat(d.getSpec().getReplicas()).isEqualTo(4);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).as("a merge patch replaces the list")
        .singleElement().satisfies(c -> {
          assertThat(c.getName()).isEqualTo("web");
          assertThat(c.getImage()).isEqualTo("busybox:1.36");
          assertThat(c.getEnv()).isEmpty();
        });
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void jsonPatchAppliesOperationsInOrder(String version, @TempDir Path home) {
    Web web = deployWeb(version, home, "patch-json");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();

    KubectlResult r = kubectl.run("patch", "deployment", "web", "-n", ns, "--type=json", "-p", """
        [{"op":"replace","path":"/spec/replicas","value":3},
         {"op":"add","path":"/spec/template/spec/containers/1/env","value":[{"name":"ROLE","value":"proxy"}]},
         {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"busybox:1.36"},
         {"op":"remove","path":"/spec/template/spec/containers/0/env/0"}]""");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web patched\n");
    Deployment d = deployment(kubectl, ns);
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).extracting(Container::getName, Container::getImage)
        .containsExactly(Tuple.tuple("web", "busybox:1.36"), Tuple.tuple("sidecar", "busybox:1.35"));
    assertThat(containers.get(0).getEnv()).isEmpty();
    assertThat(containers.get(1).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(Tuple.tuple("ROLE", "proxy"));

    // Kubernetes answers a patch that does not apply with 422 Invalid and a generic message.
    for (String failing : List.of(
        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99},{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]",
        "[{\"op\":\"remove\",\"path\":\"/spec/template/spec/containers/5\"}]")) {
      KubectlResult failed = kubectl.run("patch", "deployment", "web", "-n", ns, "--type=json", "-p", failing);
      assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
      assertThat(failed.stdout()).as(failed.toString()).isEmpty();
      assertThat(failed.stderr()).as(failed.toString())
          .isEqualTo("The request is invalid: the server rejected our request due to an error in our request\n");
    }
    assertThat(deployment(kubectl, ns).getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment(kubectl, ns).getSpec().getTemplate().getSpec().getContainers()).hasSize(2);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void aPatchThatChangesNothingSaysSo(String version, @TempDir Path home) {
    Web web = deployWeb(version, home, "patch-noop");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();
    String rv = deployment(kubectl, ns).getMetadata().getResourceVersion();

    KubectlResult r = kubectl.run("patch", "deployment", "web", "-n", ns, "--type=merge", "-p",
        "{\"spec\":{\"replicas\":2}}");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web patched (no change)\n");
    assertThat(deployment(kubectl, ns).getMetadata().getResourceVersion())
        .as("a no-op patch writes nothing").isEqualTo(rv);
  }

  static Deployment deployment(Kubectl kubectl, String ns) {
    return kubectl.run("get", "deployment", "web", "-n", ns, "-o", "json").object(Deployment.class);
  }
}
