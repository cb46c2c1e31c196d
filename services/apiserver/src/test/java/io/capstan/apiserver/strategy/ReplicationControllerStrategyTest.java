package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReplicationControllerStrategyTest {

  private final ReplicationControllerStrategy strategy = new ReplicationControllerStrategy();

  @Test
  void selectorAndLabelsComeFromTheTemplate() {
    ObjectNode rc = json("{'metadata':{'name':'rc'},'spec':{'template':{'metadata':{'labels':{'app':'web'}},"
        + "'spec':{'containers':[{'name':'c','image':'i'}]}}}}");
    strategy.applyDefaults(rc);
    assertThat(rc.at("/spec/selector")).isEqualTo(json("{'app':'web'}"));
    assertThat(rc.at("/metadata/labels")).isEqualTo(json("{'app':'web'}"));
    assertThat(rc.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(strategy.validate(rc)).isEmpty();
  }

  @Test
  void rules() {
    assertThat(lines(strategy.validate(json("{'spec':{'replicas':-1}}"))))
        .containsExactly("spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "spec.selector: Required value", "spec.template: Required value");
    ObjectNode rc = json("{'spec':{'selector':{'app':'api'},'template':{'metadata':{'labels':{'app':'web'}},"
        + "'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'i'}]}}}}");
    strategy.applyDefaults(rc);
    assertThat(lines(strategy.validate(rc))).containsExactly(
        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`",
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
  }
}
