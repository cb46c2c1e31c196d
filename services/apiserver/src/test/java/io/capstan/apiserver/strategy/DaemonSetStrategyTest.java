package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.DeploymentStrategyTest.TEMPLATE;
import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class DaemonSetStrategyTest {

  private final DaemonSetStrategy strategy = new DaemonSetStrategy();

  private ObjectNode ds(String specFields) {
    ObjectNode o = json("{'metadata':{'name':'agent','namespace':'kube-system'},'spec':{" + specFields + "}}");
    strategy.applyDefaults(o);
    return o;
  }

  @Test
  void defaults() {
    ObjectNode o = ds("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    assertThat(o.at("/spec/updateStrategy"))
        .isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1,'maxSurge':0}}"));
    assertThat(o.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(strategy.validate(o)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "'updateStrategy':{'rollingUpdate':{'maxUnavailable':0,'maxSurge':0}} | spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
      "'updateStrategy':{'rollingUpdate':{'maxUnavailable':1,'maxSurge':'10%'}} | spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: \"10%\": may not be set when maxUnavailable is non-zero",
      "'updateStrategy':{'rollingUpdate':{'maxUnavailable':'200%'}} | spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"200%\": must not be greater than 100%",
      "'updateStrategy':{'type':'Surge'} | spec.updateStrategy: Unsupported value: {\"type\":\"Surge\"}: supported values: \"RollingUpdate\", \"OnDelete\"",
      "'minReadySeconds':-5 | spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0",
  })
  void specRules(String fields, String expected) {
    assertThat(lines(strategy.validate(ds(fields + ",'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE))))
        .containsExactly(expected);
  }

  @Test
  void selectorRules() {
    // Upstream does not require the selector; a missing one just matches nothing.
    assertThat(lines(strategy.validate(ds(TEMPLATE)))).containsExactly(
        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`");
    assertThat(lines(strategy.validate(ds("'selector':{}," + TEMPLATE))))
        .containsExactly("spec.selector: Invalid value: {}: empty selector is invalid for daemonset");
    assertThat(lines(strategy.validate(ds("'selector':{'matchLabels':{'app':'web'}},"
        + TEMPLATE.replace("'spec':{", "'spec':{'activeDeadlineSeconds':3,")))))
        .containsExactly("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported");
  }

  @Test
  void selectorImmutable() {
    ObjectNode old = ds("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    ObjectNode now = ds("'selector':{'matchExpressions':[{'key':'app','operator':'Exists'}]}," + TEMPLATE);
    assertThat(lines(strategy.validateUpdate(now, old))).containsExactly("spec.selector: Invalid value: "
        + "{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Exists\"}]}: field is immutable");
  }
}
