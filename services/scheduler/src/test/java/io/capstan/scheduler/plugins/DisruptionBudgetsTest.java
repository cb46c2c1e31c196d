package io.capstan.scheduler.plugins;

import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisruptionBudgetsTest {

  private static PodInfo victim(String name, String app) {
    return PodInfo.of(pod(name, "100m").editMetadata().withLabels(Map.of("app", app)).endMetadata().build(), 0);
  }

  private static PodDisruptionBudget budget(Map<String, String> selector, int allowed, Map<String, String> disrupted) {
    return new PodDisruptionBudgetBuilder().withNewMetadata().withName("b").withNamespace("ns").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(selector).endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(allowed).withDisruptedPods(disrupted).endStatus().build();
  }

  @Test
  void victimsBeyondTheAllowanceViolateInTheOrderGiven() {
    List<PodInfo> victims = List.of(victim("w0", "web"), victim("w1", "web"), victim("d0", "db"));
    DisruptionBudgets.Split split = DisruptionBudgets.split(victims, List.of(budget(Map.of("app", "web"), 1, Map.of())));
    assertThat(split.violating()).extracting(PodInfo::key).containsExactly("ns/w1");
    assertThat(split.nonViolating()).extracting(PodInfo::key).containsExactly("ns/w0", "ns/d0");
  }

  @Test
  void alreadyDisruptedPodsAndEmptySelectorsAreNotCharged() {
    List<PodInfo> victims = List.of(victim("w0", "web"), victim("w1", "web"));
    assertThat(DisruptionBudgets.split(victims, List.of(budget(Map.of("app", "web"), 0, Map.of("w0", "t"))))
        .violating()).extracting(PodInfo::key).containsExactly("ns/w1");
    assertThat(DisruptionBudgets.split(victims, List.of(budget(Map.of(), 0, Map.of()))).violating()).isEmpty();
  }
}
