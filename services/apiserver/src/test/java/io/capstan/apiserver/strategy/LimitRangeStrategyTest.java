package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LimitRangeStrategyTest {
  private final LimitRangeStrategy strategy = new LimitRangeStrategy();

  @Test
  void containerDefaultsFollowMaxAndMin() {
    ObjectNode lr = json("""
        {'spec':{'limits':[{'type':'Container','max':{'cpu':'2','memory':'1Gi'},'min':{'cpu':'100m','memory':'64Mi'},
                            'default':{'memory':'512Mi'}},
                           {'type':'Pod','max':{'cpu':'4'}}]}}""");
    strategy.applyDefaults(lr);
    assertThat(lr.at("/spec/limits/0/default")).isEqualTo(json("{'memory':'512Mi','cpu':'2'}"));
    assertThat(lr.at("/spec/limits/0/defaultRequest")).isEqualTo(json("{'memory':'512Mi','cpu':'2'}"));
    assertThat(lr.at("/spec/limits/1").has("default")).isFalse();
    assertThat(strategy.validate(lr)).isEmpty();
  }

  @Test
  void typesAndQuantities() {
    assertThat(lines(strategy.validate(json("{'spec':{'limits':[{'max':{'cpu':'x'}},{'type':'Node'}]}}")))).containsExactly(
        "spec.limits[0].type: Required value",
        "spec.limits[0].max[cpu]: Invalid value: \"x\": " + Quantity.FORMAT_ERROR,
        "spec.limits[1].type: Unsupported value: \"Node\": supported values: \"Container\", \"PersistentVolumeClaim\", \"Pod\"");
  }
}
