package io.capstan.apiserver.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DisruptionBudgetCheckTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  private static ObjectNode budget(long allowed, long generation, long observed) {
    return json("{'metadata':{'name':'web','generation':" + generation + "},'spec':{'minAvailable':2,"
        + "'selector':{'matchLabels':{'app':'web'}}},'status':{'disruptionsAllowed':" + allowed
        + ",'currentHealthy':3,'desiredHealthy':2,'expectedPods':3,'observedGeneration':" + observed + "}}");
  }

  @Test
  void spendingTheLastDisruptionRecordsThePodAndFlipsTheCondition() {
    ObjectNode pdb = DisruptionBudgetCheck.spend(budget(1, 1, 1), "web-1", NOW);
    assertThat(Json.at(pdb, "status.disruptionsAllowed").asLong()).isZero();
    assertThat(Json.text(pdb, "status.disruptedPods.web-1")).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(Json.text(pdb.get("status").get("conditions").get(0), "reason")).isEqualTo("InsufficientPods");
  }

  @Test
  void noAllowanceIsTooManyRequestsWithTheBudgetAsCause() {
    assertThatThrownBy(() -> DisruptionBudgetCheck.spend(budget(0, 1, 1), "web-1", NOW))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(429);
          assertThat(e.reason()).isEqualTo("TooManyRequests");
          assertThat(e.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
          assertThat(e.causes()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("DisruptionBudget");
            assertThat(c.message()).isEqualTo("The disruption budget web needs 2 healthy pods and has 3 currently");
          });
        });
  }

  @Test
  void aBudgetNotYetObservedByTheControllerRefuses() {
    assertThatThrownBy(() -> DisruptionBudgetCheck.spend(budget(5, 2, 1), "web-1", NOW))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.causes()).singleElement()
            .satisfies(c -> assertThat(c.message()).isEqualTo(
                "The disruption budget web is still being processed by the server.")));
  }

  @Test
  void policyV1SelectorsAndPhasesThatSkipTheBudget() {
    ObjectNode pod = json("{'metadata':{'name':'web-1','labels':{'app':'web'}},'status':{'phase':'Running',"
        + "'conditions':[{'type':'Ready','status':'True'}]}}");
    assertThat(DisruptionBudgetCheck.selects(budget(1, 1, 1), pod)).isTrue();
    assertThat(DisruptionBudgetCheck.selects(json("{'spec':{'selector':{}}}"), pod)).isTrue();
    assertThat(DisruptionBudgetCheck.selects(json("{'spec':{}}"), pod)).isFalse();
    assertThat(DisruptionBudgetCheck.budgetIrrelevant(pod)).isFalse();
    assertThat(DisruptionBudgetCheck.budgetIrrelevant(json("{'status':{'phase':'Pending'}}"))).isTrue();
    assertThat(DisruptionBudgetCheck.unhealthyPodMayGo(budget(0, 1, 1), pod)).isFalse();
    ObjectNode unready = json("{'status':{'phase':'Running','conditions':[{'type':'Ready','status':'False'}]}}");
    assertThat(DisruptionBudgetCheck.unhealthyPodMayGo(budget(0, 1, 1), unready)).isTrue();
    ObjectNode unmet = json("{'spec':{},'status':{'currentHealthy':1,'desiredHealthy':2}}");
    assertThat(DisruptionBudgetCheck.unhealthyPodMayGo(unmet, unready)).isFalse();
    unmet.withObject("spec").put("unhealthyPodEvictionPolicy", "AlwaysAllow");
    assertThat(DisruptionBudgetCheck.unhealthyPodMayGo(unmet, unready)).isTrue();
  }
}
