package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The imperative {@code kubectl create <kind>} generators, with every kubectl version: 1.32 and 1.33
 * send these bodies as protobuf, 1.27 and 1.31 as JSON. Each test creates its namespace with {@code
 * kubectl create ns} and checks kubectl's output and the object the server stored.
 */
class KubectlImperativeCreateTest {

  private static final String VERSIONS = "io.capstan.e2e.support.Kubectl#versions";

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void createNamespace(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = Kubectl.uniqueName("team-a");

    KubectlResult r = kubectl.run("create", "ns", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("namespace/" + ns + " created\n");
    assertThat(r.stderr()).isEmpty();
    Namespace stored = kubectl.run("get", "ns", ns, "-o", "json").object(Namespace.class);
    assertThat(stored.getStatus().getPhase()).isEqualTo("Active");
    assertThat(stored.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", ns);
    KubectlResult again = kubectl.run("create", "ns", ns);
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
    assertThat(again.stderr()).isEqualTo("Error from server (AlreadyExists): namespaces \"" + ns + "\" already exists\n");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void createDeployment(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("create-deploy");

    KubectlResult r = kubectl.run("create", "deployment", "web", "--image=busybox", "--replicas=2", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web created\n");
    Deployment d = kubectl.run("get", "deployment", "web", "-n", ns, "-o", "json").object(Deployment.class);
    assertThat(d.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
    assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "web"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("busybox");
      assertThat(c.getImage()).isEqualTo("busybox");
      assertThat(c.getImagePullPolicy()).as("defaulted for an untagged image").isEqualTo("Always");
    });
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString("25%"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void createConfigMap(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("create-cm");

    KubectlResult r = kubectl.run("create", "configmap", "settings", "--from-literal=mode=fast",
        "--from-literal=retries=3", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("configmap/settings created\n");
    ConfigMap cm = kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "json").object(ConfigMap.class);
    assertThat(cm.getData()).isEqualTo(Map.of("mode", "fast", "retries", "3"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void createSecretGeneric(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("create-secret");

    KubectlResult r = kubectl.run("create", "secret", "generic", "creds", "--from-literal=username=admin",
        "--from-literal=password=s3cr=t", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("secret/creds created\n");
    Secret s = kubectl.run("get", "secret", "creds", "-n", ns, "-o", "json").object(Secret.class);
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getData()).isEqualTo(Map.of("username", base64("admin"), "password", base64("s3cr=t")));
    KubectlResult table = kubectl.run("get", "secret", "creds", "-n", ns);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.table().row("NAME", "creds")).as(table.stdout())
        .hasValueSatisfying(row -> assertThat(row).containsEntry("TYPE", "Opaque").containsEntry("DATA", "2"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void createServiceClusterIp(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("create-svc");

    KubectlResult r = kubectl.run("create", "service", "clusterip", "web", "--tcp=80:8080", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("service/web created\n");
    Service s = kubectl.run("get", "service", "web", "-n", ns, "-o", "json").object(Service.class);
    assertThat(s.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
    assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(s.getSpec().getSelector()).isEqualTo(Map.of("app", "web"));
    assertThat(s.getSpec().getClusterIP()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    assertThat(s.getSpec().getPorts()).singleElement().satisfies((ServicePort p) -> {
      assertThat(p.getName()).isEqualTo("80-8080");
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(p.getTargetPort()).isEqualTo(new IntOrString(8080));
      assertThat(p.getProtocol()).isEqualTo("TCP");
    });
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void createJob(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);
    String ns = kubectl.createNamespaceImperatively("create-job");

    KubectlResult r = kubectl.run("create", "job", "hello", "--image=busybox:1.36", "-n", ns, "--", "echo", "hi");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("job.batch/hello created\n");
    Job job = kubectl.run("get", "job", "hello", "-n", ns, "-o", "json").object(Job.class);
    assertThat(job.getSpec().getBackoffLimit()).as("defaulted").isEqualTo(6);
    assertThat(job.getSpec().getCompletions()).as("defaulted").isEqualTo(1);
    assertThat(job.getSpec().getParallelism()).as("defaulted").isEqualTo(1);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("job-name", "hello").containsEntry("batch.kubernetes.io/job-name", "hello");
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("hello");
      assertThat(c.getImage()).isEqualTo("busybox:1.36");
      assertThat(c.getCommand()).containsExactly("echo", "hi");
    });
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
