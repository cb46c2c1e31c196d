package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ControllerRevisionStrategyTest {

  @Test
  void controllerRevisions() {
    ControllerRevisionStrategy strategy = new ControllerRevisionStrategy();
    ObjectNode rev = json("{'data':{'spec':{}},'revision':2}");
    assertThat(strategy.validate(rev)).isEmpty();
    assertThat(lines(strategy.validate(json("{'revision':-1}"))))
        .containsExactly("data: Required value: data is mandatory", "revision: Invalid value: -1: must be greater than or equal to 0");
    assertThat(lines(strategy.validateUpdate(json("{'data':{'spec':{'x':1}},'revision':2}"), rev)))
        .containsExactly("data: Invalid value: {\"spec\":{\"x\":1}}: field is immutable");
  }
}
