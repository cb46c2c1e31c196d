package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodDisruptionBudgetStrategyTest {
  private final PodDisruptionBudgetStrategy strategy = new PodDisruptionBudgetStrategy();

  @Test
  void acceptsEitherBoundAsIntegerOrPercent() {
    assertThat(strategy.validate(json("{'spec':{'minAvailable':2,'selector':{'matchLabels':{'app':'web'}}}}")))
        .isEmpty();
    assertThat(strategy.validate(json("{'spec':{'maxUnavailable':'50%','selector':{}}}"))).isEmpty();
    assertThat(strategy.validate(json("{'spec':{'minAvailable':0,'unhealthyPodEvictionPolicy':'AlwaysAllow'}}")))
        .isEmpty();
  }

  @Test
  void reportsEveryFieldErrorAsKubernetesWordsIt() {
    ObjectNode bad = json("{'spec':{'minAvailable':-1,'maxUnavailable':'150%','unhealthyPodEvictionPolicy':'Never',"
        + "'selector':{'matchExpressions':[{'key':'app','operator':'In'}]}}}");
    assertThat(lines(strategy.validate(bad))).containsExactly(
        "spec: Invalid value: {\"minAvailable\":-1,\"maxUnavailable\":\"150%\",\"unhealthyPodEvictionPolicy\":"
            + "\"Never\",\"selector\":{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\"}]}}: "
            + "minAvailable and maxUnavailable cannot be both set",
        "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0",
        "spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%",
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", "
            + "\"IfHealthyBudget\"");
    assertThat(lines(strategy.validate(json("{'spec':{'maxUnavailable':'half'}}")))).singleElement().asString()
        .startsWith("spec.maxUnavailable: Invalid value: \"half\": a valid percent string must be");
  }

  @Test
  void statusCountsMayNotBeNegative() {
    ObjectNode old = json("{'spec':{'minAvailable':1}}");
    ObjectNode updated = json("{'spec':{'minAvailable':1},'status':{'disruptionsAllowed':-1,'currentHealthy':2,"
        + "'desiredHealthy':1,'expectedPods':-3}}");
    assertThat(lines(strategy.validateUpdate(updated, old))).containsExactly(
        "status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0",
        "status.expectedPods: Invalid value: -3: must be greater than or equal to 0");
  }
}
