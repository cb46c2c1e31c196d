package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PriorityClassStrategyTest {
  private final PriorityClassStrategy strategy = new PriorityClassStrategy();

  @Test
  void defaultsAndRules() {
    ObjectNode pc = json("{'metadata':{'name':'high'},'value':1000}");
    strategy.applyDefaults(pc);
    assertThat(pc.get("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
    assertThat(strategy.validate(pc)).isEmpty();
    assertThat(lines(strategy.validate(json("{'metadata':{'name':'huge'},'value':2000000000,'preemptionPolicy':'Always'}"))))
        .containsExactly("value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
            "preemptionPolicy: Unsupported value: \"Always\": supported values: \"PreemptLowerPriority\", \"Never\"");
    assertThat(lines(strategy.validate(json("{'metadata':{'name':'system-mine'},'value':1}")))).containsExactly(
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. "
            + "error: system-mine is not a known system priority class");
    assertThat(strategy.validate(json("{'metadata':{'name':'system-node-critical'},'value':2000001000}"))).isEmpty();
  }

  @Test
  void valueAndPolicyFixed() {
    ObjectNode old = json("{'metadata':{'name':'p'},'value':1,'preemptionPolicy':'Never'}");
    assertThat(lines(strategy.validateUpdate(json("{'metadata':{'name':'p'},'value':2,'preemptionPolicy':'PreemptLowerPriority'}"),
        old))).containsExactly("value: Forbidden: may not be changed in an update.",
        "preemptionPolicy: Invalid value: \"PreemptLowerPriority\": field is immutable");
  }
}
