package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaseStrategyTest {

  @Test
  void leases() {
    LeaseStrategy strategy = new LeaseStrategy();
    assertThat(strategy.hasStatus()).isFalse();
    assertThat(strategy.validate(json("{'spec':{'holderIdentity':'n1','leaseDurationSeconds':40}}"))).isEmpty();
    assertThat(lines(strategy.validate(json("{'spec':{'leaseDurationSeconds':0,'leaseTransitions':-1}}")))).containsExactly(
        "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
        "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
  }
}
