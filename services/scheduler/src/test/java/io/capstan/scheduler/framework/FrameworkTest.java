package io.capstan.scheduler.framework;

import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.scheduler.Fixtures;
import io.capstan.scheduler.plugins.InTreePlugins;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameworkTest {
  private final PluginRegistry registry = InTreePlugins.registry()
      .register("Gate", (a, h) -> new PermitPlugin() {
        @Override
        public String name() {
          return "Gate";
        }

        @Override
        public Result permit(CycleState s, io.fabric8.kubernetes.api.model.Pod p, String node) {
          return new Result(Status.waiting(), Duration.ofSeconds(5));
        }
      });

  @Test
  void profilesChooseWeightsAndDisabledPlugins() {
    ProfileSpec spec = new ProfileSpec("custom", List.of(), List.of("TaintToleration"), Map.of("NodeResourcesFit", 5), Map.of());
    Framework f = new Framework(spec, registry, new Fixtures.FakeWriter(), p -> 0);
    NodeInfo tainted = NodeInfo.of(new io.fabric8.kubernetes.api.model.NodeBuilder(node("n", "4", "4Gi", Map.of())).editSpec()
        .addToTaints(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("k").withEffect("NoSchedule").build()).endSpec().build());
    assertThat(f.runFilters(new CycleState(), pod("p", "0").build(), tainted).isSuccess()).isTrue();
    assertThatThrownBy(() -> new Framework(new ProfileSpec("x", List.of("NodeName"), List.of(), Map.of(), Map.of()), registry,
        new Fixtures.FakeWriter(), p -> 0)).hasMessageContaining("QueueSort");
    assertThatThrownBy(() -> new Framework(new ProfileSpec("x", List.of("Nope"), List.of(), Map.of(), Map.of()), registry,
        new Fixtures.FakeWriter(), p -> 0)).hasMessageContaining("unknown scheduler plugin Nope");
  }

  @Test
  void filtersStopAtTheFirstRejectionAndNameThePlugin() {
    Framework f = new Framework(ProfileSpec.defaults("d"), registry, new Fixtures.FakeWriter(), p -> 0);
    NodeInfo n = NodeInfo.of(new io.fabric8.kubernetes.api.model.NodeBuilder(node("n", "1", "4Gi", Map.of())).editSpec()
        .withUnschedulable(true).endSpec().build());
    Status s = f.runFilters(new CycleState(), pod("p", "2").build(), n);
    assertThat(s.plugin()).isEqualTo("NodeUnschedulable");
    assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
  }

  @Test
  void permitCanHoldABindingUntilAllowed() {
    Framework f = new Framework(new ProfileSpec("g", List.of("PrioritySort", "Gate", "DefaultBinder"), List.of(), Map.of(), Map.of()),
        registry, new Fixtures.FakeWriter(), p -> 0);
    var p = pod("p", "0").build();
    assertThat(f.runPermit(new CycleState(), p, "n").code()).isEqualTo(Status.Code.WAIT);
    assertThat(f.allow("uid-p")).isTrue();
    assertThat(f.waitOnPermit(p).isSuccess()).isTrue();
  }

  @Test
  void fitErrorCountsAndSortsReasonsAsKubernetesDoes() {
    FitError e = new FitError(3, Map.of("a", Status.unschedulable("Insufficient cpu", "Insufficient memory"),
        "b", Status.unresolvable("node(s) had untolerated taint {k: v}"), "c", Status.unresolvable("node(s) had untolerated taint {k: v}")), null);
    e.setPostFilterMessage("preemption: not eligible due to preemptionPolicy=Never");
    assertThat(e.message()).isEqualTo("0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, "
        + "2 node(s) had untolerated taint {k: v}. preemption: not eligible due to preemptionPolicy=Never.");
  }
}
