package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
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
 * Client-side {@code kubectl apply -f}: kubectl keeps the last-applied configuration in an
 * annotation, diffs it three ways against the live object and sends a strategic merge patch (which
 * needs OpenAPI for validation and the server's merge keys and {@code $patch} directives).
 */
class KubectlClientSideApplyTest {

  private static final String VERSIONS = "io.capstan.e2e.support.Kubectl#versions";
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** A Deployment with two containers, the first with env vars {@code env}, and a sidecar if asked. */
  static String deployment(String ns, String image, List<String> env, boolean sidecar) {
    StringBuilder envYaml = new StringBuilder();
    for (String e : env) {
      String[] kv = e.split("=", 2);
      envYaml.append("        - name: ").append(kv[0]).append("\n          value: \"").append(kv[1]).append("\"\n");
    }
    return """
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
                image: %s
                env:
        %s\
                ports:
                - containerPort: 80
        %s""".formatted(ns, image, envYaml,
        sidecar ? "      - name: sidecar\n        image: busybox:1.36\n        args: [\"sleep\", \"3600\"]\n" : "");
  }

  private static String app(String ns, String image, List<String> env, boolean sidecar, Map<String, String> data) {
    StringBuilder cm = new StringBuilder();
    data.forEach((k, v) -> cm.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    return Manifests.all(
        deployment(ns, image, env, sidecar),
        Manifests.service(ns, "web", 80),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: %s
        data:
        %s""".formatted(ns, cm));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void applyCreatesThenLeavesUnchangedThenConfiguresAndRemovesListItems(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("csa");
    Path v1 = kubectl.manifest(app(ns, "nginx:1.27", List.of("MODE=fast", "LEVEL=debug"), true,
        Map.of("a", "1", "b", "2")));

    KubectlResult created = kubectl.run("apply", "-f", v1.toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout()).as(created.toString()).isEqualTo("""
        deployment.apps/web created
        service/web created
        configmap/web-config created
        """);
    assertThat(created.stderr()).isEmpty();
    Deployment first = deployment(kubectl, ns);
    assertThat(first.getMetadata().getAnnotations()).containsKey(LAST_APPLIED);

    KubectlResult unchanged = kubectl.run("apply", "-f", v1.toString());
    assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
    assertThat(unchanged.stdout()).as(unchanged.toString()).isEqualTo("""
        deployment.apps/web unchanged
        service/web unchanged
        configmap/web-config unchanged
        """);
    assertThat(deployment(kubectl, ns).getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());

    // The edit drops the sidecar container, the env var LEVEL and the ConfigMap key b.
    Path v2 = kubectl.manifest(app(ns, "nginx:1.28", List.of("MODE=fast"), false, Map.of("a", "1", "c", "3")));
    KubectlResult configured = kubectl.run("apply", "-f", v2.toString());
    assertThat(configured.exitCode()).as(configured.toString()).isZero();
    assertThat(configured.stdout()).as(configured.toString()).isEqualTo("""
        deployment.apps/web configured
        service/web unchanged
        configmap/web-config configured
        """);
    assertThat(configured.stderr()).isEmpty();

    Deployment d = deployment(kubectl, ns);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).as("the sidecar is gone")
        .extracting(Container::getName).containsExactly("web");
    Container web = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(web.getImage()).isEqualTo("nginx:1.28");
    assertThat(web.getEnv()).as("LEVEL is gone").extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(Tuple.tuple("MODE", "fast"));
    assertThat(web.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(80));
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(d.getMetadata().getAnnotations().get(LAST_APPLIED)).contains("nginx:1.28").doesNotContain("sidecar");
    ConfigMap cm = kubectl.run("get", "configmap", "web-config", "-n", ns, "-o", "json").object(ConfigMap.class);
    assertThat(cm.getData()).isEqualTo(Map.of("a", "1", "c", "3"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void applyDryRunServerChangesNothing(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("csa-dry");
    kubectl.run("apply", "-f", kubectl.manifest(deployment(ns, "nginx:1.27", List.of("MODE=fast"), true)).toString())
        .requireSuccess();
    Deployment before = deployment(kubectl, ns);

    Path changed = kubectl.manifest(deployment(ns, "nginx:1.28", List.of("MODE=slow"), false));
    KubectlResult r = kubectl.run("apply", "--dry-run=server", "-f", changed.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web configured (server dry run)\n");
    assertThat(r.stderr()).isEmpty();
    Deployment after = deployment(kubectl, ns);
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName, Container::getImage)
        .containsExactly(Tuple.tuple("web", "nginx:1.27"),
            Tuple.tuple("sidecar", "busybox:1.36"));

    KubectlResult real = kubectl.run("apply", "-f", changed.toString());
    assertThat(real.exitCode()).as(real.toString()).isZero();
    assertThat(real.stdout()).isEqualTo("deployment.apps/web configured\n");
  }

  private static Deployment deployment(Kubectl kubectl, String ns) {
    return kubectl.run("get", "deployment", "web", "-n", ns, "-o", "json").object(Deployment.class);
  }
}
