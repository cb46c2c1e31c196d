package io.capstan.scheduler.plugins;

import static io.capstan.scheduler.Fixtures.info;
import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test (or a few) per filtering plugin, with Kubernetes' reason texts. */
class FilterPluginsTest {
  private final CycleState state = new CycleState();

  @Test
  void nodeResourcesFitReportsEveryShortResourceAndThePodCount() {
    NodeInfo n = info(node("n", "1", "1Gi", Map.of()), pod("running", "800m").build());
    NodeResourcesFit fit = new NodeResourcesFit(Map.of());
    Pod wants = pod("p", "500m").editSpec().editFirstContainer().editResources()
        .addToRequests("memory", new Quantity("2Gi")).addToRequests("example.com/gpu", new Quantity("1")).endResources()
        .endContainer().endSpec().build();
    fit.preFilter(state, wants, Snapshot.of(List.of(n)));
    Status s = fit.filter(state, wants, n);
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
    assertThat(s.reasons()).containsExactly("Insufficient cpu", "Insufficient memory", "Insufficient example.com/gpu");
    Pod small = pod("q", "100m").build();
    fit.preFilter(state, small, Snapshot.of(List.of(n)));
    assertThat(fit.filter(state, small, n).isSuccess()).isTrue();
  }

  @Test
  void nodeResourcesFitCountsPods() {
    Node full = new NodeBuilder(node("n", "4", "4Gi", Map.of())).editStatus().addToAllocatable("pods", new Quantity("1")).endStatus().build();
    NodeInfo n = info(full, pod("a", "0").build());
    assertThat(new NodeResourcesFit(Map.of()).filter(state, pod("b", "0").build(), n).reasons()).containsExactly("Too many pods");
  }

  @Test
  void nodeNameMatchesOnlyTheNamedNode() {
    Pod p = pod("p", "0").editSpec().withNodeName("a").endSpec().build();
    assertThat(new NodeName().filter(state, p, info(node("a", "1", "1Gi", Map.of()))).isSuccess()).isTrue();
    Status s = new NodeName().filter(state, p, info(node("b", "1", "1Gi", Map.of())));
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.message()).isEqualTo("node(s) didn't match the requested node name");
  }

  @Test
  void cordonedNodesTakeOnlyPodsToleratingUnschedulable() {
    NodeInfo n = info(new NodeBuilder(node("n", "1", "1Gi", Map.of())).editSpec().withUnschedulable(true).endSpec().build());
    assertThat(new NodeUnschedulable().filter(state, pod("p", "0").build(), n).message()).isEqualTo("node(s) were unschedulable");
    Pod tolerant = pod("p", "0").editSpec().addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/unschedulable")
        .withOperator("Exists").withEffect("NoSchedule").build()).endSpec().build();
    assertThat(new NodeUnschedulable().filter(state, tolerant, n).isSuccess()).isTrue();
  }

  @Test
  void nodeAffinityHonoursNodeSelectorAndRequiredTerms() {
    NodeInfo ssd = info(node("a", "1", "1Gi", Map.of("disk", "ssd", "gen", "5")));
    NodeAffinityPlugin plugin = new NodeAffinityPlugin();
    assertThat(plugin.filter(state, pod("p", "0").editSpec().addToNodeSelector("disk", "hdd").endSpec().build(), ssd).message())
        .isEqualTo("node(s) didn't match Pod's node affinity/selector");
    Pod gt = pod("p", "0").editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchExpressions(new NodeSelectorRequirementBuilder()
            .withKey("gen").withOperator("Gt").withValues("4").build()).build())
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    assertThat(plugin.filter(state, gt, ssd).isSuccess()).isTrue();
  }

  @Test
  void taintsNeedTolerationsAndTheMessageNamesTheTaint() {
    NodeInfo tainted = info(new NodeBuilder(node("n", "1", "1Gi", Map.of())).editSpec().addToTaints(new TaintBuilder()
        .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()).endSpec().build());
    Status s = new TaintToleration().filter(state, pod("p", "0").build(), tainted);
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.message()).isEqualTo("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    Pod tolerant = pod("p", "0").editSpec().addToTolerations(new TolerationBuilder().withOperator("Exists").build()).endSpec().build();
    assertThat(new TaintToleration().filter(state, tolerant, tainted).isSuccess()).isTrue();
  }

  @Test
  void hostPortsConflictOnTheSameProtocolAndPort() {
    Pod web = pod("web", "0").editSpec().editFirstContainer().addToPorts(new ContainerPortBuilder().withContainerPort(80)
        .withHostPort(8080).build()).endContainer().endSpec().build();
    NodeInfo n = info(node("n", "1", "1Gi", Map.of()), web);
    Pod again = new PodBuilder(web).editMetadata().withName("again").endMetadata().build();
    assertThat(new NodePorts().filter(state, again, n).message()).isEqualTo("node(s) didn't have free ports for the requested pod ports");
    assertThat(new NodePorts().filter(state, pod("other", "0").build(), n).isSuccess()).isTrue();
  }

  @Test
  void volumeBindingAcceptsNodeLocalVolumesAndRejectsClaims() {
    Pod local = pod("p", "0").editSpec().addToVolumes(new VolumeBuilder().withName("d").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("h").withNewHostPath().withPath("/tmp").endHostPath().build()).endSpec().build();
    assertThat(new VolumeBinding().preFilter(state, local, Snapshot.of(List.of())).status().isSkip()).isTrue();
    Pod claim = pod("p", "0").editSpec().addToVolumes(new VolumeBuilder().withName("c").withNewPersistentVolumeClaim()
        .withClaimName("data").endPersistentVolumeClaim().build()).endSpec().build();
    assertThat(new VolumeBinding().preFilter(state, claim, Snapshot.of(List.of())).status().message())
        .isEqualTo("pod has unbound immediate PersistentVolumeClaims");
  }
}
