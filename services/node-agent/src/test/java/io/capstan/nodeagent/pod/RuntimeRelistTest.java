package io.capstan.nodeagent.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeRelistTest {
  SimulatedRuntime runtime = new SimulatedRuntime(Clock.systemUTC());
  RuntimeRelist relist = new RuntimeRelist(runtime);

  Sandbox sandbox(String uid) {
    return runtime.runSandbox(new SandboxSpec("k8s_" + uid, uid, Map.of(Labels.POD_UID, uid), List.of(), List.of(), List.of()));
  }

  String container(Sandbox sb, String name) {
    String id = runtime.createContainer(sb, new ContainerSpec(sb.name() + "_" + name, "busybox", null, List.of("sleep", "9"),
        Map.of(), null, Map.of(Labels.POD_UID, sb.podUid(), Labels.CONTAINER_NAME, name, Labels.ATTEMPT, "0"), List.of(),
        0, 0, 0, 0, null, 30, false, false));
    runtime.startContainer(id);
    return id;
  }

  @Test
  void reportsOnlyThePodsWhoseContainersOrSandboxChanged() {
    Sandbox a = sandbox("a");
    Sandbox b = sandbox("b");
    String appA = container(a, "app");
    container(b, "app");
    assertThat(relist.changed()).as("everything is new the first time").containsExactlyInAnyOrder("a", "b");
    assertThat(relist.changed()).as("nothing happened").isEmpty();

    runtime.exit(appA, 1);
    assertThat(relist.changed()).containsExactly("a");

    container(b, "sidecar");
    assertThat(relist.changed()).containsExactly("b");

    runtime.removeSandbox(a.id());
    assertThat(relist.changed()).as("a pod whose sandbox and containers are gone").containsExactly("a");
    assertThat(relist.changed()).isEmpty();
  }
}
