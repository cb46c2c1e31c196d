package io.capstan.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.cli.Workspace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartOrderTest {

  @Test
  void dependenciesStartFirstOtherwiseDeclaredOrderIsKept() {
    List<Component> order =
        StartOrder.of(
            List.of(
                component("scheduler", "apiserver"),
                component("apiserver", "etcd", "kafka"),
                component("config-server"),
                component("etcd"),
                component("kafka")));

    assertThat(names(order))
        .containsExactly("etcd", "kafka", "apiserver", "scheduler", "config-server");
  }

  @Test
  void reversedStopsDependentsFirst() {
    List<Component> components =
        List.of(component("apiserver", "etcd"), component("etcd"), component("scheduler", "apiserver"));

    assertThat(names(StartOrder.reversed(components)))
        .containsExactly("scheduler", "apiserver", "etcd");
  }

  @Test
  void rejectsCyclesUnknownDependenciesAndDuplicates() {
    assertThatThrownBy(() -> StartOrder.of(List.of(component("a", "b"), component("b", "a"))))
        .hasMessageContaining("cycle: a -> b -> a");
    assertThatThrownBy(() -> StartOrder.of(List.of(component("a", "nope"))))
        .hasMessageContaining("unknown component nope");
    assertThatThrownBy(() -> StartOrder.of(List.of(component("a"), component("a"))))
        .hasMessageContaining("duplicate");
  }

  @Test
  void localClusterStartsEtcdKafkaAndTheRelayBeforeTheApiserverAndTheNodeAgentLast() {
    Workspace workspace = new Workspace(Path.of("/srv/capstan"));
    List<Component> order =
        StartOrder.of(new LocalCluster(workspace, "/usr/bin/java").components());

    assertThat(names(order)).containsExactly("config-server", "etcd", "kafka", "relay", "apiserver", "scheduler",
        "controller-manager", "auth", "podman", "node-agent", "proxy", "dns");
    for (Component c : order) {
      // ComponentProcesses recognises its processes by the home in their command line.
      assertThat(String.join(" ", c.command())).as(c.name()).contains("/srv/capstan/");
    }
    Component kafka = order.get(2);
    assertThat(kafka.command())
        .contains("/srv/capstan/services/kafka/target/kafka-0.1.0-SNAPSHOT.jar")
        .contains("--data-dir=/srv/capstan/.capstan/kafka", "--port=9092", "--controller-port=9093", "-Xmx512m");
    assertThat(kafka.health()).isEqualTo(Readiness.portOpen("127.0.0.1", 9092));
    Component relay = order.get(3);
    assertThat(relay.command())
        .contains("/srv/capstan/services/relay/target/relay-0.1.0-SNAPSHOT.jar")
        .contains("--capstan.kafka.bootstrap-servers=127.0.0.1:9092");
    assertThat(relay.health()).isEqualTo(Readiness.http(URI.create("http://127.0.0.1:8082/actuator/health")));
    assertThat(relay.dependsOn()).contains("etcd", "kafka");
    Component podman = order.get(8);
    assertThat(podman.command())
        .contains("CONTAINERS_CONF=/srv/capstan/config/podman/containers.conf", "--root",
            "/srv/capstan/.capstan/podman/root", "system", "service", "unix:///srv/capstan/.capstan/podman/podman.sock");
    assertThat(order.get(9).dependsOn()).contains("apiserver", "podman");
    assertThat(order.get(9).command())
        .as("the node agent runs as its node, not as the admin")
        .contains("--capstan.node.kubeconfig=/srv/capstan/.capstan/node.kubeconfig", "--capstan.node.cluster-dns=10.96.0.10");
    assertThat(order.stream().filter(c -> c.name().equals("scheduler")).findFirst().orElseThrow().command())
        .contains("--capstan.api.kubeconfig=/srv/capstan/.capstan/scheduler.kubeconfig");
    assertThat(order.stream().filter(c -> c.name().equals("controller-manager")).findFirst().orElseThrow().command())
        .contains("--capstan.api.kubeconfig=/srv/capstan/.capstan/controller-manager.kubeconfig");
    assertThat(order.get(7).command()).contains("--capstan.auth.kubeconfig=/srv/capstan/.capstan/auth.kubeconfig");
    assertThat(order.get(10).command()).contains("/srv/capstan/services/proxy/target/proxy-0.1.0-SNAPSHOT-exec.jar",
        "--capstan.proxy.kubeconfig=/srv/capstan/.capstan/kube-proxy.kubeconfig");
    assertThat(order.get(10).dependsOn()).contains("apiserver", "node-agent");
    assertThat(order.get(11).command())
        .as("cluster DNS runs as its own identity, not as the admin")
        .contains("/srv/capstan/services/dns/target/dns-0.1.0-SNAPSHOT-exec.jar", "--capstan.dns.address=10.96.0.10",
            "--capstan.dns.kubeconfig=/srv/capstan/.capstan/dns.kubeconfig");
    assertThat(order.get(11).dependsOn()).contains("apiserver", "node-agent");
    Component apiserver = order.get(4);
    assertThat(apiserver.command())
        .contains("--capstan.pki-dir=/srv/capstan/.capstan/pki")
        .contains("/srv/capstan/services/apiserver/target/apiserver-0.1.0-SNAPSHOT-exec.jar");
    assertThat(apiserver.health()).isEqualTo(Readiness.http(URI.create("https://127.0.0.1:6443/readyz")));
  }

  @Test
  void downStopsTheApiserverThenTheRelayThenKafkaThenEtcd() {
    List<Component> order =
        StartOrder.reversed(new LocalCluster(new Workspace(Path.of("/srv/capstan")), "java").components());
    assertThat(names(order)).containsSubsequence("apiserver", "relay", "kafka", "etcd");
    // DNS and the proxy first (they remove their addresses from lo), then the agent (it would
    // recreate pods), then podman (down removes the pods before it stops).
    assertThat(names(order)).containsSubsequence("node-agent", "podman").startsWith("dns", "proxy", "node-agent");
  }

  private static Component component(String name, String... dependsOn) {
    return new Component(
        name, List.of(name), URI.create("http://127.0.0.1/" + name), List.of(dependsOn), Duration.ofSeconds(1));
  }

  private static List<String> names(List<Component> components) {
    return components.stream().map(Component::name).toList();
  }
}
