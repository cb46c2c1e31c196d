package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl apply --server-side}: the server merges the applied configuration, records each
 * field manager's fields in {@code metadata.managedFields}, and refuses to let a second manager
 * change a field the first one owns unless it forces.
 */
class KubectlServerSideApplyTest {

  private static final String VERSIONS = "io.capstan.e2e.support.Kubectl#versions";

  /** What kubectl prints after the server's conflict message (kubectl's apply.go, 1.27 to 1.33). */
  private static final String CONFLICT_HELP = """
      Please review the fields above--they currently have other managers. Here
      are the ways you can resolve this warning:
      * If you intend to manage all of these fields, please re-run the apply
        command with the `--force-conflicts` flag.
      * If you do not intend to manage all of the fields, please edit your
        manifest to remove references to the fields that should keep their
        current managers.
      * You may co-own fields by updating your manifest to match the existing
        value; in this case, you'll become the manager if the other manager(s)
        stop managing the field (remove it from their configuration).
      See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
      """;

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void serverSideApplyCreatesMergesAndRemovesFieldsItNoLongerApplies(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("ssa");
    Path v1 = kubectl.manifest(Manifests.all(
        KubectlClientSideApplyTest.deployment(ns, "nginx:1.27", List.of("MODE=fast", "LEVEL=debug"), true),
        Manifests.configMap(ns, "web-config", 2, "v1")));

    KubectlResult created = kubectl.run("apply", "--server-side", "-f", v1.toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout()).as(created.toString()).isEqualTo("""
        deployment.apps/web serverside-applied
        configmap/web-config serverside-applied
        """);
    assertThat(created.stderr()).isEmpty();
    Deployment first = deployment(kubectl, ns);
    assertThat(first.getMetadata().getAnnotations()).as("server-side apply keeps no last-applied annotation")
        .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(manager(first, "kubectl")).as(managers(first)).hasValueSatisfying(m -> {
      assertThat(m.getOperation()).isEqualTo("Apply");
      assertThat(m.getApiVersion()).isEqualTo("apps/v1");
      assertThat(m.getFieldsType()).isEqualTo("FieldsV1");
      assertThat(owns(m, "f:spec", "f:replicas")).isTrue();
      assertThat(owns(m, "f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"sidecar\"}")).isTrue();
    });

    Path v2 = kubectl.manifest(Manifests.all(
        KubectlClientSideApplyTest.deployment(ns, "nginx:1.28", List.of("MODE=fast"), false),
        Manifests.configMap(ns, "web-config", 1, "v2")));
    KubectlResult dryRun = kubectl.run("apply", "--server-side", "--dry-run=server", "-f", v2.toString());
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.stdout()).isEqualTo("""
        deployment.apps/web serverside-applied (server dry run)
        configmap/web-config serverside-applied (server dry run)
        """);
    assertThat(deployment(kubectl, ns).getMetadata().getResourceVersion())
        .as("a server dry run stores nothing").isEqualTo(first.getMetadata().getResourceVersion());

    KubectlResult applied = kubectl.run("apply", "--server-side", "-f", v2.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout()).isEqualTo("""
        deployment.apps/web serverside-applied
        configmap/web-config serverside-applied
        """);
    Deployment d = deployment(kubectl, ns);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).as("the manager no longer applies the sidecar")
        .extracting(Container::getName).containsExactly("web");
    Container web = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(web.getImage()).isEqualTo("nginx:1.28");
    assertThat(web.getEnv()).extracting(EnvVar::getName).containsExactly("MODE");
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
    ConfigMap cm = kubectl.run("get", "configmap", "web-config", "-n", ns, "-o", "json").object(ConfigMap.class);
    assertThat(cm.getData()).as("k1 was only ever applied by this manager").isEqualTo(Map.of("k0", "v2"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void aSecondManagerConflictsOnAFieldTheFirstOwnsUntilItForces(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("ssa-conflict");
    Path alice = kubectl.manifest(Manifests.deployment(ns, "web", 2, "nginx:1.27"));
    KubectlResult created = kubectl.run("apply", "--server-side", "--field-manager=alice", "-f", alice.toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout()).isEqualTo("deployment.apps/web serverside-applied\n");

    Path bob = kubectl.manifest(Manifests.deployment(ns, "web", 5, "nginx:1.27"));
    KubectlResult conflict = kubectl.run("apply", "--server-side", "--field-manager=bob", "-f", bob.toString());
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(1);
    assertThat(conflict.stdout()).isEmpty();
    assertThat(conflict.stderr()).isEqualTo(
        "error: Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas\n" + CONFLICT_HELP);
    assertThat(deployment(kubectl, ns).getSpec().getReplicas()).isEqualTo(2);

    KubectlResult forced = kubectl.run("apply", "--server-side", "--field-manager=bob", "--force-conflicts",
        "-f", bob.toString());
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.stdout()).isEqualTo("deployment.apps/web serverside-applied\n");
    assertThat(forced.stderr()).isEmpty();

    Deployment d = deployment(kubectl, ns);
    assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    assertThat(manager(d, "bob")).as(managers(d)).hasValueSatisfying(m -> {
      assertThat(m.getOperation()).isEqualTo("Apply");
      assertThat(owns(m, "f:spec", "f:replicas")).isTrue();
    });
    assertThat(manager(d, "alice")).as(managers(d)).hasValueSatisfying(m -> {
      assertThat(owns(m, "f:spec", "f:replicas")).as("forcing took the field from alice").isFalse();
      assertThat(owns(m, "f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"main\"}", "f:image"))
          .as("alice co-owns the fields bob applied with the same value").isTrue();
    });
  }

  private static Deployment deployment(Kubectl kubectl, String ns) {
    return kubectl.run("get", "deployment", "web", "-n", ns, "-o", "json", "--show-managed-fields")
        .object(Deployment.class);
  }

  private static Optional<ManagedFieldsEntry> manager(Deployment d, String name) {
    List<ManagedFieldsEntry> entries = Optional.ofNullable(d.getMetadata().getManagedFields()).orElse(List.of());
    return entries.stream().filter(m -> name.equals(m.getManager())).findFirst();
  }

  private static String managers(Deployment d) {
    return "managedFields: " + d.getMetadata().getManagedFields();
  }

  /** Whether the entry's fieldsV1 has the path of keys ({@code f:spec}, {@code f:replicas} ...). */
  @SuppressWarnings("unchecked")
  private static boolean owns(ManagedFieldsEntry m, String... path) {
    Object node = m.getFieldsV1() == null ? null : m.getFieldsV1().getAdditionalProperties();
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) return false;
      node = ((Map<String, Object>) map).get(key);
    }
    return true;
  }
}
