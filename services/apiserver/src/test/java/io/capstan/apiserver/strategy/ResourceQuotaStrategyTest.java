package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceQuotaStrategyTest {
  @Test
  void hardLimitsAreNonNegativeQuantities() {
    ResourceQuotaStrategy strategy = new ResourceQuotaStrategy();
    assertThat(strategy.validate(json("{'spec':{'hard':{'pods':'10','requests.cpu':'4','limits.memory':'8Gi'}}}"))).isEmpty();
    assertThat(lines(strategy.validate(json("{'spec':{'hard':{'pods':'-1','cpu':'lots'}}}")))).containsExactly(
        "spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0",
        "spec.hard[cpu]: Invalid value: \"lots\": " + Quantity.FORMAT_ERROR);
  }
}
