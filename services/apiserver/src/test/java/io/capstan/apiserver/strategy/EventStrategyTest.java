package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventStrategyTest {
  @Test
  void coreEvents() {
    EventStrategy strategy = new EventStrategy(false);
    assertThat(strategy.hasStatus()).isFalse();
    assertThat(strategy.validate(json("{'metadata':{'namespace':'a'},'involvedObject':{'kind':'Pod','namespace':'a'},"
        + "'type':'Normal','reason':'Started'}"))).isEmpty();
    assertThat(lines(strategy.validate(json("{'metadata':{'namespace':'a'},'involvedObject':{'namespace':'b'},'type':'Info'}"))))
        .containsExactly("involvedObject.namespace: Invalid value: \"b\": does not match event.namespace",
            "type: Invalid value: \"Info\": has invalid value: Info");
  }

  @Test
  void eventsApiRequiresItsFields() {
    EventStrategy strategy = new EventStrategy(true);
    assertThat(strategy.validate(json("""
        {'metadata':{'namespace':'a'},'eventTime':'2024-01-01T00:00:00.000000Z','reportingController':'capstan.io/agent',
         'reportingInstance':'agent-1','action':'Pulling','reason':'Pulling','type':'Normal','regarding':{'namespace':'a'}}""")))
        .isEmpty();
    assertThat(lines(strategy.validate(json("{'metadata':{'namespace':'a'}}")))).containsExactly(
        "eventTime: Required value", "reportingController: Required value", "reportingInstance: Required value",
        "action: Required value", "reason: Required value", "type: Required value");
  }
}
