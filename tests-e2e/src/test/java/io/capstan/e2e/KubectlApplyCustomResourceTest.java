package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl apply -f} of a CustomResourceDefinition, then of a custom resource of it: created,
 * unchanged, configured (kubectl patches custom resources with a JSON merge patch). Each kubectl
 * version gets its own group under this class's {@code kubectl-apply-cr.e2e.capstan.io}.
 */
class KubectlApplyCustomResourceTest {

  private static String group(String version) {
    return "k" + version.replace('.', '-') + ".kubectl-apply-cr.e2e.capstan.io";
  }

  private static String crd(String group) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.%1$s
        spec:
          group: %1$s
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      color:
                        type: string
                      size:
                        type: integer
                      tags:
                        type: array
                        items:
                          type: string
        """.formatted(group);
  }

  private static String widget(String group, String ns, String spec) {
    return """
        apiVersion: %s/v1
        kind: Widget
        metadata:
          name: gadget
          namespace: %s
        spec:
        %s""".formatted(group, ns, spec.indent(2));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource("io.capstan.e2e.support.Kubectl#versions")
  void applyCrdThenCustomResourceCreatedUnchangedConfigured(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String group = group(version);
    String ns = kubectl.createNamespaceImperatively("apply-cr");

    KubectlResult crd = kubectl.run("apply", "-f", kubectl.manifest(crd(group)).toString());
    assertThat(crd.exitCode()).as(crd.toString()).isZero();
    assertThat(crd.stdout()).isEqualTo("customresourcedefinition.apiextensions.k8s.io/widgets." + group + " created\n");
    // As against Kubernetes: the new type is served once the CRD is established.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      KubectlResult get = kubectl.run("get", "widgets." + group, "-n", ns);
      assertThat(get.exitCode()).as(get.toString()).isZero();
    });

    Path v1 = kubectl.manifest(widget(group, ns, "color: blue\nsize: 3\ntags: [a, b]\n"));
    KubectlResult created = kubectl.run("apply", "-f", v1.toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout()).isEqualTo("widget." + group + "/gadget created\n");
    assertThat(created.stderr()).isEmpty();

    KubectlResult unchanged = kubectl.run("apply", "-f", v1.toString());
    assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
    assertThat(unchanged.stdout()).isEqualTo("widget." + group + "/gadget unchanged\n");

    Path v2 = kubectl.manifest(widget(group, ns, "color: red\ntags: [a]\n"));
    KubectlResult configured = kubectl.run("apply", "-f", v2.toString());
    assertThat(configured.exitCode()).as(configured.toString()).isZero();
    assertThat(configured.stdout()).isEqualTo("widget." + group + "/gadget configured\n");
    assertThat(configured.stderr()).isEmpty();

    GenericKubernetesResource w = kubectl.run("get", "widgets." + group, "gadget", "-n", ns, "-o", "json")
        .object(GenericKubernetesResource.class);
    assertThat(w.<Map<String, Object>>get("spec")).as("size was dropped from the manifest")
        .isEqualTo(Map.of("color", "red", "tags", List.of("a")));
    assertThat(w.getMetadata().getGeneration()).isEqualTo(2L);
  }
}
