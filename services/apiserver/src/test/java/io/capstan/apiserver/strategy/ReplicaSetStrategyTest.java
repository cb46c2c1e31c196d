package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.DeploymentStrategyTest.TEMPLATE;
import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReplicaSetStrategyTest {

  private final ReplicaSetStrategy strategy = new ReplicaSetStrategy();

  private ObjectNode rs(String specFields) {
    ObjectNode o = json("{'metadata':{'name':'web-1','namespace':'default'},'spec':{" + specFields + "}}");
    strategy.applyDefaults(o);
    return o;
  }

  @Test
  void defaultsAndValid() {
    ObjectNode o = rs("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    assertThat(o.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(o.at("/spec/template/spec/dnsPolicy").asString()).isEqualTo("ClusterFirst");
    assertThat(strategy.validate(o)).isEmpty();
  }

  @Test
  void rules() {
    assertThat(lines(strategy.validate(rs("'replicas':-3,'minReadySeconds':-1,'selector':{}," + TEMPLATE))))
        .containsExactly("spec.replicas: Invalid value: -3: must be greater than or equal to 0",
            "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.selector: Invalid value: {}: empty selector is invalid for deployment");
    assertThat(lines(strategy.validate(rs("'selector':{'matchLabels':{'app':'web'}},"
        + TEMPLATE.replace("'spec':{", "'spec':{'activeDeadlineSeconds':5,")))))
        .containsExactly("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported");
  }

  @Test
  void selectorImmutable() {
    ObjectNode old = rs("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    ObjectNode now = old.deepCopy();
    ((ObjectNode) now.at("/spec/selector")).putArray("matchExpressions").addObject().put("key", "tier")
        .put("operator", "DoesNotExist");
    assertThat(lines(strategy.validateUpdate(now, old))).containsExactly("spec.selector: Invalid value: "
        + "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"DoesNotExist\"}]}: "
        + "field is immutable");
  }
}
