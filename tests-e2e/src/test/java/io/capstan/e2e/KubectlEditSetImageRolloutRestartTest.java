package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commands that compute a strategic merge patch for the user: {@code kubectl edit} (with a
 * scripted EDITOR), {@code kubectl set image} and {@code kubectl rollout restart}.
 */
class KubectlEditSetImageRolloutRestartTest {

  private static final String VERSIONS = "io.capstan.e2e.support.Kubectl#versions";

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void editWithAScriptedEditor(String version, @TempDir Path home) throws IOException {
    KubectlPatchTest.Web web = KubectlPatchTest.deployWeb(version, home, "edit");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();
    // kubectl runs $EDITOR <file>; the spec's replicas is the only line indented by two spaces
    // that says "replicas: 2" before the status (which the server ignores on the main resource).
    Path editor = Files.writeString(home.resolve("editor.sh"),
        "#!/bin/sh\nsed -i 's/^  replicas: 2$/  replicas: 5/; s/image: busybox:1.35/image: busybox:1.37/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));

    KubectlResult r = kubectl.run(Map.of("EDITOR", editor.toString(), "KUBE_EDITOR", editor.toString()),
        "edit", "deployment/web", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web edited\n");
    assertThat(r.stderr()).isEmpty();
    Deployment d = KubectlPatchTest.deployment(kubectl, ns);
    assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName, Container::getImage)
        .containsExactly(Tuple.tuple("web", "busybox:1.37"), Tuple.tuple("sidecar", "busybox:1.37"));
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);

    Path noop = Files.writeString(home.resolve("noop.sh"), "#!/bin/sh\ntrue\n");
    Files.setPosixFilePermissions(noop, PosixFilePermissions.fromString("rwxr-xr-x"));
    KubectlResult cancelled = kubectl.run(Map.of("EDITOR", noop.toString(), "KUBE_EDITOR", noop.toString()),
        "edit", "deployment/web", "-n", ns);
    assertThat(cancelled.exitCode()).as(cancelled.toString()).isZero();
    assertThat(cancelled.stderr()).isEqualTo("Edit cancelled, no changes made.\n");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void setImageChangesOneContainer(String version, @TempDir Path home) {
    KubectlPatchTest.Web web = KubectlPatchTest.deployWeb(version, home, "set-image");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();

    KubectlResult r = kubectl.run("set", "image", "deploy/web", "web=busybox:1.36", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web image updated\n");
    assertThat(r.stderr()).isEmpty();
    Deployment d = KubectlPatchTest.deployment(kubectl, ns);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName, Container::getImage)
        .containsExactly(Tuple.tuple("web", "busybox:1.36"), Tuple.tuple("sidecar", "busybox:1.35"));
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource(VERSIONS)
  void rolloutRestartStampsThePodTemplate(String version, @TempDir Path home) {
    KubectlPatchTest.Web web = KubectlPatchTest.deployWeb(version, home, "restart");
    Kubectl kubectl = web.kubectl();
    String ns = web.ns();

    KubectlResult r = kubectl.run("rollout", "restart", "deploy/web", "-n", ns);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("deployment.apps/web restarted\n");
    assertThat(r.stderr()).isEmpty();
    Deployment d = KubectlPatchTest.deployment(kubectl, ns);
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .hasEntrySatisfying("kubectl.kubernetes.io/restartedAt",
            at -> assertThat(at).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+Z].*"));
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).as("the containers are kept")
        .extracting(Container::getName, Container::getImage)
        .containsExactly(Tuple.tuple("web", "busybox:1.35"), Tuple.tuple("sidecar", "busybox:1.35"));
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
  }
}
