package io.capstan.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The StatefulSet and DaemonSet controllers against the real apiserver, etcd and Kafka, driven by
 * the real kubectl ({@code rollout status|history|undo}, {@code set image}, {@code scale}).
 * {@link FakeKubelet} reports pods Running and Ready; DaemonSets target bare Node objects labelled
 * for the test alone (outside the fixture's node lifecycle scope, so nothing taints them).
 */
class WorkloadSetsE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static ControllerManagerFixture f;

  @TempDir
  Path home;

  @BeforeAll
  static void start() throws Exception {
    f = new ControllerManagerFixture();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    f.close();
  }

  private Kubectl kubectl() {
    return new Kubectl(ApiServerProcess.shared(), home);
  }

  private static List<Pod> activePods(String ns) {
    return f.client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** Pod names in the order their ADDED and DELETED events arrive. */
  private static final class PodEvents implements Watcher<Pod>, AutoCloseable {
    final List<String> added = Collections.synchronizedList(new ArrayList<>());
    final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    private final Watch watch;

    PodEvents(String ns) {
      watch = f.client.pods().inNamespace(ns).watch(this);
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
      if (action == Action.ADDED) added.add(pod.getMetadata().getName());
      if (action == Action.DELETED) deleted.add(pod.getMetadata().getName());
    }

    @Override
    public void onClose(WatcherException cause) {
      // Closed by the test, or the test's waits fail on missing events.
    }

    @Override
    public void close() {
      watch.close();
    }
  }

  private static String image(Pod p) {
    return p.getSpec().getContainers().get(0).getImage();
  }

  @Test
  void aStatefulSetComesUpInOrderRollsFromTheTopAndScalesDownInReverse() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-sts");
    try (PodEvents events = new PodEvents(ns); FakeKubelet kubelet = new FakeKubelet(f.client, ns)) {
      k.run("create", "-n", ns, "-f", k.manifest("""
          apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: web}
          spec:
            serviceName: web
            replicas: 3
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec:
                terminationGracePeriodSeconds: 0
                containers: [{name: c, image: "busybox:1.35"}]
          """).toString()).requireSuccess();
      KubectlResult status = k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=50s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.stdout()).contains("roll out complete");
      await().atMost(WAIT).untilAsserted(() -> assertThat(events.added).containsExactly("web-0", "web-1", "web-2"));
      assertThat(activePods(ns)).hasSize(3).allSatisfy(p -> {
        assertThat(p.getSpec().getHostname()).isEqualTo(p.getMetadata().getName());
        assertThat(p.getSpec().getSubdomain()).isEqualTo("web");
        assertThat(p.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", p.getMetadata().getName());
      });
      StatefulSet s = f.client.apps().statefulSets().inNamespace(ns).withName("web").get();
      String first = s.getStatus().getUpdateRevision();
      assertThat(s.getStatus().getCurrentRevision()).isEqualTo(first);
      assertThat(activePods(ns)).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
          .containsEntry("controller-revision-hash", first));

      k.run("set", "image", "statefulset/web", "-n", ns, "c=busybox:1.36").requireSuccess();
      status = k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=50s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      await().atMost(WAIT).untilAsserted(() -> {
        StatefulSet now = f.client.apps().statefulSets().inNamespace(ns).withName("web").get();
        assertThat(now.getStatus().getUpdateRevision()).isNotEqualTo(first);
        assertThat(now.getStatus().getCurrentRevision()).isEqualTo(now.getStatus().getUpdateRevision());
        assertThat(now.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(activePods(ns)).hasSize(3).allSatisfy(p -> assertThat(image(p)).isEqualTo("busybox:1.36"));
      });
      // The test's own watch may deliver a DELETED event after a later list already shows the
      // pod gone, so the order is awaited rather than read once.
      await().atMost(WAIT).untilAsserted(() -> assertThat(events.deleted).containsExactly("web-2", "web-1", "web-0"));
      KubectlResult history = k.run("rollout", "history", "statefulset/web", "-n", ns).requireSuccess();
      assertThat(history.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+\\s.*")).count()).isEqualTo(2);

      k.run("rollout", "undo", "statefulset/web", "-n", ns).requireSuccess();
      status = k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=50s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(activePods(ns)).hasSize(3).allSatisfy(p -> assertThat(image(p)).isEqualTo("busybox:1.35")));

      // The undo rolls from the top too. Until the watch has delivered all six deletions, one still
      // in flight would land after the clear below and spoil the scale-down's order.
      await().atMost(WAIT).untilAsserted(() -> assertThat(events.deleted)
          .containsExactly("web-2", "web-1", "web-0", "web-2", "web-1", "web-0"));
      events.deleted.clear();
      k.run("scale", "statefulset/web", "-n", ns, "--replicas=1").requireSuccess();
      await().atMost(WAIT).untilAsserted(() -> assertThat(activePods(ns)).extracting(p -> p.getMetadata().getName())
          .containsExactly("web-0"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(events.deleted).containsExactly("web-2", "web-1"));
    }
  }

  private static Node node(String name, String label, String taint) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).addToLabels("capstan.io/ds-e2e", label).endMetadata();
    if (taint != null) b.withNewSpec().addNewTaint().withKey(taint).withValue("x").withEffect("NoSchedule").endTaint().endSpec();
    return f.client.nodes().resource(b.build()).create();
  }

  private static Map<String, List<String>> podsByTargetNode(String ns) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (Pod p : activePods(ns)) {
      String node = p.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
          .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues().get(0);
      out.computeIfAbsent(node, n -> new ArrayList<>()).add(p.getMetadata().getName());
    }
    return out;
  }

  @Test
  void aDaemonSetRunsOnEveryEligibleNodeAndRollsOutOnePodAtATime() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-ds");
    List<String> nodes = new ArrayList<>();
    try (FakeKubelet kubelet = new FakeKubelet(f.client, ns)) {
      for (int i = 0; i < 2; i++) nodes.add(node(ns + "-n" + i, ns, null).getMetadata().getName());
      String tainted = node(ns + "-tainted", ns, "dedicated").getMetadata().getName();
      nodes.add(tainted);
      k.run("create", "-n", ns, "-f", k.manifest("""
          apiVersion: apps/v1
          kind: DaemonSet
          metadata: {name: agent}
          spec:
            selector: {matchLabels: {app: agent}}
            template:
              metadata: {labels: {app: agent}}
              spec:
                nodeSelector: {capstan.io/ds-e2e: %s}
                terminationGracePeriodSeconds: 0
                containers: [{name: c, image: "busybox:1.35"}]
          """.formatted(ns)).toString()).requireSuccess();
      KubectlResult status = k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=50s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.stdout()).contains("daemon set \"agent\" successfully rolled out");
      // The controller learns of the nodes on another topic than of the DaemonSet: if it synced the
      // set before it saw both nodes, the rollout was complete for fewer, and the rest follows.
      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(podsByTargetNode(ns)).containsOnlyKeys(nodes.get(0), nodes.get(1))
            .allSatisfy((n, ps) -> assertThat(ps).hasSize(1));
        assertThat(activePods(ns)).allSatisfy(p -> assertThat(p.getSpec().getTolerations())
            .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unreachable")));
      });

      String added = node(ns + "-n2", ns, null).getMetadata().getName();
      nodes.add(added);
      await().atMost(WAIT).untilAsserted(() -> {
        DaemonSet ds = f.client.apps().daemonSets().inNamespace(ns).withName("agent").get();
        assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
        assertThat(ds.getStatus().getNumberReady()).isEqualTo(3);
        assertThat(podsByTargetNode(ns)).containsKey(added);
      });
      KubectlResult get = k.run("get", "daemonset", "agent", "-n", ns).requireSuccess();
      assertThat(get.table().rows()).singleElement().satisfies(row -> {
        assertThat(row).containsEntry("DESIRED", "3").containsEntry("CURRENT", "3").containsEntry("READY", "3");
      });

      k.run("set", "image", "daemonset/agent", "-n", ns, "c=busybox:1.36").requireSuccess();
      status = k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=50s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(activePods(ns)).hasSize(3).allSatisfy(p -> assertThat(image(p)).isEqualTo("busybox:1.36")));
      KubectlResult history = k.run("rollout", "history", "daemonset/agent", "-n", ns).requireSuccess();
      assertThat(history.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+\\s.*")).count()).isEqualTo(2);
      k.run("rollout", "undo", "daemonset/agent", "-n", ns).requireSuccess();
      status = k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=50s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(activePods(ns)).hasSize(3).allSatisfy(p -> assertThat(image(p)).isEqualTo("busybox:1.35")));

      // A node that stops matching the selector loses its daemon pod.
      f.client.nodes().withName(added).edit(n -> new NodeBuilder(n).editMetadata()
          .removeFromLabels("capstan.io/ds-e2e").endMetadata().build());
      await().atMost(WAIT).untilAsserted(() -> assertThat(podsByTargetNode(ns)).doesNotContainKey(added).hasSize(2));
    } finally {
      for (String n : nodes) f.client.nodes().withName(n).delete();
    }
  }
}
