package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.KubectlTable;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CustomResourceDefinition and its custom resources, addressed the ways users do: plural, short
 * name, singular kind with group, and the raw REST path. The group is this class's alone.
 */
class KubectlCustomResourceTest {

  private static final String GROUP = "stable.example.com";
  private static final String CRD = "crontabs." + GROUP;
  private static Kubectl kubectl;

  @BeforeAll
  static void createCrd(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
    KubectlResult r = kubectl.run("create", "-f", kubectl.manifest("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: %s
        spec:
          group: %s
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            shortNames:
            - ct
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
                      cronSpec:
                        type: string
                      image:
                        type: string
                      replicas:
                        type: integer
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
        """.formatted(CRD, GROUP)).toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("customresourcedefinition.apiextensions.k8s.io/" + CRD + " created\n");
  }

  private static String cronTab(String ns, String name, String schedule, int replicas) {
    return """
        apiVersion: %s/v1
        kind: CronTab
        metadata:
          name: %s
          namespace: %s
        spec:
          cronSpec: "%s"
          image: my-cron-image
          replicas: %d
        """.formatted(GROUP, name, ns, schedule, replicas);
  }

  /** Creates a custom resource, waiting (as against Kubernetes) until the new type is served. */
  private static void create(String manifest, String name) {
    Path file = kubectl.manifest(manifest);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      KubectlResult r = kubectl.run("create", "-f", file.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout()).isEqualTo("crontab." + GROUP + "/" + name + " created\n");
    });
  }

  @Test
  void getCrdShowsIt() {
    KubectlResult r = kubectl.run("get", "crd", CRD);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.table().headers()).containsExactly("NAME", "CREATED AT");
    assertThat(r.table().row("NAME", CRD)).as(r.stdout()).hasValueSatisfying(row ->
        assertThat(row.get("CREATED AT")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
  }

  @Test
  void customResourcesByPluralShortNameAndKind() {
    String ns = kubectl.createNamespace("crontabs");
    create(cronTab(ns, "my-cron", "* * * * */5", 2), "my-cron");

    for (String type : new String[] {"crontabs", "ct", "crontab." + GROUP, "crontabs." + GROUP, "CronTab"}) {
      KubectlResult r = kubectl.run("get", type, "-n", ns);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      KubectlTable table = r.table();
      assertThat(table.headers()).as(type).containsExactly("NAME", "SPEC", "REPLICAS", "AGE");
      assertThat(table.rows()).as(r.stdout()).hasSize(1);
      assertThat(table.rows().get(0))
          .containsEntry("NAME", "my-cron").containsEntry("SPEC", "* * * * */5").containsEntry("REPLICAS", "2");
    }

    KubectlResult yaml = kubectl.run("get", "ct", "my-cron", "-n", ns, "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
    assertThat(yaml.stdout()).as(yaml.toString())
        .startsWith("apiVersion: " + GROUP + "/v1\nkind: CronTab\n")
        .contains("\n  cronSpec: '* * * * */5'\n", "\n  replicas: 2\n", "\n  namespace: " + ns + "\n")
        .containsPattern("\n  uid: [0-9a-f-]{36}\n");

    KubectlResult deleted = kubectl.run("delete", "ct", "my-cron", "-n", ns);
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.stdout()).isEqualTo("crontab." + GROUP + " \"my-cron\" deleted\n");
    KubectlResult empty = kubectl.run("get", "crontabs", "-n", ns);
    assertThat(empty.exitCode()).as(empty.toString()).isZero();
    assertThat(empty.stdout()).isEmpty();
    assertThat(empty.stderr()).isEqualTo("No resources found in " + ns + " namespace.\n");
  }

  @Test
  void deleteFromTheManifestByKind() {
    String ns = kubectl.createNamespace("crontab-file");
    String manifest = cronTab(ns, "nightly", "0 3 * * *", 1);
    create(manifest, "nightly");

    KubectlResult r = kubectl.run("delete", "-f", kubectl.manifest(manifest).toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("crontab." + GROUP + " \"nightly\" deleted\n");
    KubectlResult gone = kubectl.run("get", "crontab." + GROUP, "nightly", "-n", ns);
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
    assertThat(gone.stderr()).isEqualTo("Error from server (NotFound): crontabs." + GROUP + " \"nightly\" not found\n");
  }

  @Test
  void rawListOfCustomResources() {
    String ns = kubectl.createNamespace("crontab-raw");
    create(cronTab(ns, "a", "*/1 * * * *", 1), "a");
    create(cronTab(ns, "b", "*/2 * * * *", 2), "b");

    KubectlResult r = kubectl.run("get", "--raw", "/apis/" + GROUP + "/v1/namespaces/" + ns + "/crontabs");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    GenericKubernetesResourceList list =
        new KubernetesSerialization().unmarshal(r.stdout(), GenericKubernetesResourceList.class);
    assertThat(list.getKind()).isEqualTo("CronTabList");
    assertThat(list.getApiVersion()).isEqualTo(GROUP + "/v1");
    assertThat(list.getMetadata().getResourceVersion()).as(r.stdout()).isNotBlank();
    assertThat(list.getItems()).extracting(i -> i.getMetadata().getName()).containsExactly("a", "b");
    GenericKubernetesResource b = list.getItems().get(1);
    assertThat(b.getKind()).isEqualTo("CronTab");
    assertThat(b.getMetadata().getNamespace()).isEqualTo(ns);
    assertThat(b.<Map<String, Object>>get("spec")).containsEntry("cronSpec", "*/2 * * * *");
  }
}
