package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.KubectlTable;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code create -f}, {@code get}, {@code replace -f} and {@code delete -f} of a small application. */
class KubectlManifestLifecycleTest {

  private static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
  }

  private static String app(String ns, int replicas, int keys) {
    return Manifests.all(
        Manifests.deployment(ns, "web", replicas, "nginx:1.27"),
        Manifests.service(ns, "web", 80),
        Manifests.configMap(ns, "web-config", keys, "v" + keys));
  }

  @Test
  void createGetReplaceAndDeleteFromAManifest() {
    String ns = kubectl.createNamespace("lifecycle");
    Path v1 = kubectl.manifest(app(ns, 1, 2));

    KubectlResult created = kubectl.run("create", "-f", v1.toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout()).isEqualTo("""
        deployment.apps/web created
        service/web created
        configmap/web-config created
        """);

    KubectlResult yaml = kubectl.run("get", "-n", ns, "deployment", "web", "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
    assertThat(yaml.stdout()).as(yaml.toString())
        .startsWith("apiVersion: apps/v1\n")
        .contains("\nkind: Deployment\n", "\n  name: web\n", "\n  namespace: " + ns + "\n",
            "\n  generation: 1\n", "\n  replicas: 1\n", "image: nginx:1.27")
        .containsPattern("\n  uid: [0-9a-f-]{36}\n")
        .containsPattern("\n  resourceVersion: \"\\d+\"\n")
        .containsPattern("\n  creationTimestamp: \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"\n");
    KubectlResult svcYaml = kubectl.run("get", "-n", ns, "service", "web", "-o", "yaml");
    assertThat(svcYaml.stdout()).as(svcYaml.toString())
        .startsWith("apiVersion: v1\nkind: Service\n")
        .containsPattern("\n  clusterIP: \\d+\\.\\d+\\.\\d+\\.\\d+\n");
    KubectlResult cmYaml = kubectl.run("get", "-n", ns, "configmap", "web-config", "-o", "yaml");
    assertThat(cmYaml.stdout()).as(cmYaml.toString())
        .startsWith("apiVersion: v1\ndata:\n  k0: v2\n  k1: v2\nkind: ConfigMap\n")
        .doesNotContain("generation:");

    String rv = jsonpath(ns, "deployment/web", "{.metadata.resourceVersion}");
    String clusterIp = jsonpath(ns, "service/web", "{.spec.clusterIP}");
    Path v2 = kubectl.manifest(app(ns, 2, 3));
    KubectlResult replaced = kubectl.run("replace", "-f", v2.toString());
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(replaced.stdout()).isEqualTo("""
        deployment.apps/web replaced
        service/web replaced
        configmap/web-config replaced
        """);
    assertThat(jsonpath(ns, "deployment/web", "{.spec.replicas}")).isEqualTo("2");
    assertThat(jsonpath(ns, "deployment/web", "{.metadata.generation}")).isEqualTo("2");
    assertThat(jsonpath(ns, "deployment/web", "{.metadata.resourceVersion}")).isNotEqualTo(rv);
    assertThat(jsonpath(ns, "service/web", "{.spec.clusterIP}")).as("a replace keeps the allocated IP")
        .isEqualTo(clusterIp);
    assertThat(jsonpath(ns, "configmap/web-config", "{.data.k2}")).isEqualTo("v3");

    KubectlResult deleted = kubectl.run("delete", "-f", v2.toString());
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.stdout()).isEqualTo("""
        deployment.apps "web" deleted
        service "web" deleted
        configmap "web-config" deleted
        """);
    KubectlResult gone = kubectl.run("get", "-f", v2.toString());
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
    assertThat(gone.stderr()).isEqualTo("""
        Error from server (NotFound): deployments.apps "web" not found
        Error from server (NotFound): services "web" not found
        Error from server (NotFound): configmaps "web-config" not found
        """);
  }

  @Test
  void deploymentYamlShowsTheServerDefaults() {
    String ns = kubectl.createNamespace("deploy-defaults");
    kubectl.run("create", "-f", kubectl.manifest(Manifests.deployment(ns, "web", 1, "nginx:1.27")).toString())
        .requireSuccess();

    KubectlResult r = kubectl.run("get", "-n", ns, "deployment", "web", "-o", "yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).as("what Kubernetes 1.32 defaults on create").contains(
        "\n  progressDeadlineSeconds: 600\n",
        "\n  revisionHistoryLimit: 10\n",
        "\n  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n",
        "\n        imagePullPolicy: IfNotPresent\n",
        "\n          protocol: TCP\n",
        "\n        terminationMessagePath: /dev/termination-log\n",
        "\n        terminationMessagePolicy: File\n",
        "\n      dnsPolicy: ClusterFirst\n",
        "\n      restartPolicy: Always\n",
        "\n      schedulerName: default-scheduler\n",
        "\n      terminationGracePeriodSeconds: 30\n");
  }

  @Test
  void serviceYamlShowsTheServerDefaults() {
    String ns = kubectl.createNamespace("svc-defaults");
    kubectl.run("create", "-f", kubectl.manifest(Manifests.service(ns, "web", 80)).toString()).requireSuccess();

    KubectlResult r = kubectl.run("get", "-n", ns, "service", "web", "-o", "yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).as("what Kubernetes 1.32 defaults on create").contains(
        "\n  internalTrafficPolicy: Cluster\n",
        "\n  ipFamilies:\n  - IPv4\n",
        "\n  ipFamilyPolicy: SingleStack\n",
        "\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n",
        "\n  sessionAffinity: None\n",
        "\n  type: ClusterIP\n")
        .as("Services have no metadata.generation on Kubernetes").doesNotContain("generation:");
  }

  @Test
  void getSeveralTypesAcrossNamespacesPrintsEachTypesColumns() {
    String ns = kubectl.createNamespace("columns");
    kubectl.run("create", "-f", kubectl.manifest(app(ns, 1, 2)).toString()).requireSuccess();

    KubectlResult r = kubectl.run("get", "deploy,svc,cm", "-A");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.tables()).as(r.stdout()).hasSize(3);
    KubectlTable deployments = r.tables().get(0);
    KubectlTable services = r.tables().get(1);
    KubectlTable configMaps = r.tables().get(2);

    assertThat(deployments.headers())
        .containsExactly("NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    assertThat(row(deployments, ns, "deployment.apps/web"))
        .containsEntry("READY", "0/1").containsEntry("UP-TO-DATE", "0").containsEntry("AVAILABLE", "0");
    assertThat(row(deployments, ns, "deployment.apps/web").get("AGE")).matches("\\d+s");

    assertThat(services.headers())
        .containsExactly("NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    assertThat(row(services, ns, "service/web"))
        .containsEntry("TYPE", "ClusterIP")
        .containsEntry("CLUSTER-IP", jsonpath(ns, "service/web", "{.spec.clusterIP}"))
        .containsEntry("EXTERNAL-IP", "<none>")
        .containsEntry("PORT(S)", "80/TCP");
    assertThat(row(services, "default", "service/kubernetes")).containsEntry("PORT(S)", "443/TCP");

    assertThat(configMaps.headers()).containsExactly("NAMESPACE", "NAME", "DATA", "AGE");
    assertThat(row(configMaps, ns, "configmap/web-config")).containsEntry("DATA", "2");
  }

  @Test
  void anInvalidNameIsRejectedWithTheFieldError() {
    String ns = kubectl.createNamespace("invalid");
    Path bad = kubectl.manifest(Manifests.deployment(ns, "Bad_Name", 1, "nginx:1.27")
        .replace("app: Bad_Name", "app: bad"));

    KubectlResult r = kubectl.run("create", "-f", bad.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo("The Deployment \"Bad_Name\" is invalid: metadata.name: Invalid value: "
        + "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
        + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
        + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n");
  }

  @Test
  void creatingIntoAMissingNamespaceIsNotFound() {
    Path cm = kubectl.manifest(Manifests.configMap("no-such-namespace", "orphan", 1, "x"));

    KubectlResult r = kubectl.run("create", "-f", cm.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).isEqualTo("Error from server (NotFound): error when creating \"" + cm
        + "\": namespaces \"no-such-namespace\" not found\n");
  }

  private static Map<String, String> row(KubectlTable table, String ns, String name) {
    return table.rows().stream()
        .filter(r -> ns.equals(r.get("NAMESPACE")) && name.equals(r.get("NAME")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + ns + " " + name + " in " + table));
  }

  private static String jsonpath(String ns, String object, String path) {
    return kubectl.run("get", "-n", ns, object, "-o", "jsonpath=" + path).requireSuccess().stdout();
  }
}
