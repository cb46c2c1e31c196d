package io.capstan.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl exec and attach on real Podman: kubectl speaks WebSocket {@code v5.channel.k8s.io} to
 * the apiserver, which proxies the upgraded connection to the node agent, which runs the process
 * through Podman's exec (or attach) API.
 */
class KubectlExecAttachPodmanTest {
  static KubernetesClient client;
  static Kubectl kubectl;
  static NodeFixture node;
  static String ns;
  static String shell;
  static ApiServerProcess api;
  static Path home;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    api = ApiServerProcess.shared();
    home = dir;
    client = Fabric8.client(api);
    kubectl = new Kubectl(api, home);
    node = new NodeFixture(client, "e2e-exec");
    ns = Fabric8.createNamespace(client, "exec");
    shell = Kubectl.uniqueName("sh");
    create(new PodBuilder().withNewMetadata().withName(shell).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage("localhost/capstan/busybox")
            .withCommand("sh", "-c", "echo ready; exec sleep 3600")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(shell)));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (client != null) client.close();
  }

  @Test
  void execPrintsTheCommandsOutput() {
    KubectlResult r = kubectl.run("exec", shell, "-n", ns, "--", "echo", "hi", "there");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hi there\n");
    KubectlResult env = kubectl.run("exec", shell, "-n", ns, "--", "sh", "-c", "echo $HOSTNAME; pwd");
    assertThat(env.requireSuccess().stdout()).isEqualTo(shell + "\n/\n");
  }

  @Test
  void aNonZeroExitIsKubectlsExitCodeAndStderrIsKeptApart() {
    KubectlResult r = kubectl.run("exec", shell, "-n", ns, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).contains("err\n").contains("command terminated with exit code 3");
  }

  @Test
  void stdinReachesTheProcessAndItsEofEndsIt() {
    KubectlResult r = kubectl.runWithInput("hello\nworld\n", "exec", "-i", shell, "-n", ns, "--", "tr", "a-z", "A-Z");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("HELLO\nWORLD\n");
  }

  @Test
  void anInteractiveShellGetsATerminalOfTheClientsSize() throws Exception {
    // script(1) gives kubectl a pseudo-terminal, as a person's shell would: -t needs one.
    Path input = Files.writeString(Files.createTempFile("exec-it", ".in"), "stty size; tty; exit 4\n");
    String cmd = "stty cols 97 rows 31; kubectl exec -it " + shell + " -n " + ns + " -- sh";
    ProcessBuilder pb = new ProcessBuilder("script", "-qfec", cmd, "/dev/null")
        .redirectInput(input.toFile())
        .redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", api.kubeconfig().toString());
    pb.environment().put("HOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isEqualTo(4);
    assertThat(out).contains("31 97").contains("/dev/pts/");
  }

  @Test
  void aMissingContainerOrACompletedPodIsABadRequest() {
    KubectlResult wrong = kubectl.run("exec", shell, "-n", ns, "-c", "nope", "--", "true");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).contains("container nope is not valid for pod " + shell);
    String done = Kubectl.uniqueName("done");
    create(new PodBuilder().withNewMetadata().withName(done).endMetadata().withNewSpec().withNodeName(node.node)
        .withRestartPolicy("Never").addNewContainer().withName("app").withImage("localhost/capstan/busybox")
            .withCommand("true").endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(phase(done)));
    KubectlResult late = kubectl.run("exec", done, "-n", ns, "--", "true");
    assertThat(late.exitCode()).isNotZero();
    assertThat(late.stderr()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
  }

  @Test
  void attachConnectsToTheMainProcessesStreams() {
    String name = Kubectl.uniqueName("att");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .withRestartPolicy("Never").addNewContainer().withName("app").withImage("localhost/capstan/busybox")
            .withStdin(true).withCommand("sh", "-c", "read line; echo got-$line; echo bye >&2")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(name)));
    KubectlResult r = kubectl.runWithInput("hello\n", "attach", "-i", name, "-n", ns);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("got-hello\n");
    assertThat(r.stderr()).contains("bye\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> "Succeeded".equals(phase(name)));
  }

  static void create(Pod pod) {
    client.pods().inNamespace(ns).resource(pod).create();
  }

  static String phase(String name) {
    Pod p = client.pods().inNamespace(ns).withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }
}
